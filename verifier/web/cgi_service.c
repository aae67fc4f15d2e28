/*
 * cgi_service.c: one request, from the CGI variables to the response:
 * load what the configuration names, read the request, check, and choose
 * the page or JSON. Whatever happens the answer is 200, 400, 404, 405 or
 * 503, never a crash; what only the operator can fix goes to the log.
 */
#include "cgi_service.h"

#include <stdlib.h>
#include <string.h>

#include "cgi_config.h"
#include "cgi_page.h"
#include "cgi_request.h"
#include "cgi_response.h"
#include "check.h"
#include "page_text.h"

/* Signatures a FastCGI process remembers: a publication's manifest and the
 * claims of the certificates most asked about. */
#define REMEMBERED_SIGNATURES 4096

struct service {
    struct cgi_config config;
    int configured;             /* config and trust are loaded */
    struct trust_store trust;
    struct request request;
    struct page_text text;
    char style_hash[64];
    struct buffer *response, *log;
    struct service_memory *memory;
};

static void log_line(struct service *service, const char *message)
{
    buffer_printf(service->log, "verify.cgi: %s\n", message);
}

static void load_configuration(struct service *service, char *const *environment)
{
    const char *path = request_variable(environment, "STARMARK_CONFIG");
    if (!path)
        path = getenv("STARMARK_CONFIG") ? getenv("STARMARK_CONFIG") : DEFAULT_CGI_CONFIG;
    struct error err;
    if (cgi_config_load(path, &service->config, &err) != 0) {
        log_line(service, err.message);
        return;
    }
    if (trust_load(service->config.trust, &service->trust, &err) != 0) {
        char *message = xasprintf("trust store %s (named in %s)", err.message, path);
        log_line(service, message);
        free(message);
        return;
    }
    service->configured = 1;
}

static void send(struct service *service, int status, const char *content_type,
                 const char *body, int max_age, const char *style_hash)
{
    struct response response = {status, content_type, max_age, style_hash, body, strlen(body)};
    response_format(&response, service->request.head_only, service->response);
}

static void send_json(struct service *service, int status, json_t *json, int max_age)
{
    /* The same bytes as verifier --json: two-space indent, members in order. */
    char *dump = json_dumps(json, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    char *body = xasprintf("%s\n", dump);
    send(service, status, "application/json; charset=utf-8", body, max_age, NULL);
    free(body);
    free(dump);
    json_decref(json);
}

/* A page that cannot be built is a broken installation: say so plainly. */
static void send_broken(struct service *service, const char *why)
{
    log_line(service, why);
    send(service, 503, "text/plain; charset=utf-8",
         "verify.cgi: the page templates are broken; see the server's error log.\n", -1, NULL);
}

/* A page from the page module, or the plain 503 if it could not be built. */
static void send_page(struct service *service, int status, char *page, int max_age,
                      const struct error *err)
{
    if (page)
        send(service, status, "text/html; charset=utf-8", page, max_age, service->style_hash);
    else
        send_broken(service, err->message);
    free(page);
}

static struct page_context page_context(const struct service *service)
{
    return (struct page_context){&service->text, &service->request,
                                 service->configured ? service->trust.body_name : ""};
}

static void send_problem(struct service *service, enum problem problem)
{
    int status = problem_http_status(problem);
    if (service->request.json) {
        send_json(service, status,
                  json_pack("{s:s, s:s}", "error", problem_code(problem), "message",
                            problem_message(problem)),
                  -1);
        return;
    }
    struct error err;
    struct page_context context = page_context(service);
    send_page(service, status, page_problem(&context, problem, &err), -1, &err);
}

static void send_check(struct service *service, const struct check_result *check)
{
    int max_age = service->config.result_max_age;
    if (service->request.json) {
        send_json(service, 200, check_to_json(check), max_age);
        return;
    }
    struct error err;
    struct page_context context = page_context(service);
    send_page(service, 200, page_result(&context, check, &err), max_age, &err);
}

static void send_form(struct service *service)
{
    if (service->request.json) {
        send_problem(service, PROBLEM_EMPTY_PARAMETER);
        return;
    }
    struct error err;
    struct page_context context = page_context(service);
    send_page(service, 200, page_form(&context, &err), service->config.result_max_age, &err);
}

/* A signature verified under an older generation is forgotten: the
 * memory lives as long as the publication it was verified for. */
static void remember_generation(struct service_memory *memory, const struct check_result *check)
{
    const char *generation = check->answer.status.generation;
    if (!generation[0] || strcmp(generation, memory->generation) == 0)
        return;
    signature_cache_clear(memory->signatures);
    snprintf(memory->generation, sizeof memory->generation, "%s", generation);
}

static enum problem run_check(struct service *service, struct check_result *result)
{
    const struct request *request = &service->request;
    const char *input = request->claim ? request->claim : request->number;
    struct check_request asked = {request->claim ? CHECK_QR : CHECK_NUMBER,
                                  input,
                                  strlen(input),
                                  service->config.publication,
                                  timestamp_now(),
                                  1,
                                  !request->json};
    check(&asked, &service->trust, service->memory->signatures, result);
    remember_generation(service->memory, result);
    switch (result->problem) {
    case CHECK_MALFORMED: return PROBLEM_MALFORMED_CLAIM;
    case CHECK_NOT_FOUND: return PROBLEM_NOT_FOUND;
    default: return PROBLEM_NONE;
    }
}

static void answer(struct service *service)
{
    const struct request *request = &service->request;
    enum problem problem = request->problem;
    if (problem == PROBLEM_NONE && !service->configured)
        problem = PROBLEM_UNAVAILABLE;
    if (problem == PROBLEM_NONE && !request->claim && !request->number) {
        send_form(service);
        return;
    }
    struct check_result check = {0};
    if (problem == PROBLEM_NONE)
        problem = run_check(service, &check);
    if (problem == PROBLEM_NONE)
        send_check(service, &check);
    else
        send_problem(service, problem);
    check_result_free(&check);
}

void service_memory_init(struct service_memory *memory)
{
    memory->signatures = signature_cache_new(REMEMBERED_SIGNATURES);
    memory->generation[0] = '\0';
}

void service_memory_free(struct service_memory *memory)
{
    signature_cache_free(memory->signatures);
    memset(memory, 0, sizeof *memory);
}

void service_answer(struct service_memory *memory, char *const *environment,
                    struct buffer *response, struct buffer *log)
{
    struct service service = {.response = response, .log = log, .memory = memory};
    struct error err;
    load_configuration(&service, environment);
    request_read(environment,
                 service.config.lang_default ? service.config.lang_default : "zh",
                 &service.request);
    if (page_text_load(service.request.lang, &service.text, &err) != 0) {
        send_broken(&service, err.message);
    } else {
        page_style_hash(&service.text, service.style_hash);
        answer(&service);
    }
    page_text_free(&service.text);
    request_free(&service.request);
    if (service.configured)
        trust_free(&service.trust);
    cgi_config_free(&service.config);
}
