/*
 * cgi_service.c: one request, from the CGI variables to the response:
 * load what the configuration names, read the request, check, and choose
 * the page or JSON. Whatever happens the answer is 200, 400, 404, 405 or
 * 503, never a crash; what only the operator can fix goes to the log.
 */
#include "cgi_service.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cgi_page.h"
#include "cgi_request.h"
#include "cgi_response.h"
#include "check.h"
#include "page_text.h"

struct service {
    const struct cgi_config *config;    /* NULL while the configuration is broken */
    const struct trust_store *trust;
    struct request request;
    const struct page_text *text;
    const char *style_hash;
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
    if (memory_configuration(service->memory, path, &err) != 0) {
        log_line(service, err.message);
        return;
    }
    service->config = &service->memory->config;
    service->trust = &service->memory->trust;
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
    return (struct page_context){service->text, &service->request,
                                 service->trust ? service->trust->body_name : ""};
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

/* The body of a result: the page, or the same JSON as verifier --json. */
static char *result_body(struct service *service, const struct check_result *check,
                         struct error *err)
{
    if (!service->request.json) {
        struct page_context context = page_context(service);
        return page_result(&context, check, err);
    }
    json_t *json = check_to_json(check);
    char *dump = json_dumps(json, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    char *body = xasprintf("%s\n", dump);
    free(dump);
    json_decref(json);
    return body;
}

static void send_result(struct service *service, const char *body)
{
    int max_age = service->config->result_max_age;
    if (service->request.json)
        send(service, 200, "application/json; charset=utf-8", body, max_age, NULL);
    else
        send(service, 200, "text/html; charset=utf-8", body, max_age, service->style_hash);
}

static void send_form(struct service *service)
{
    if (service->request.json) {
        send_problem(service, PROBLEM_EMPTY_PARAMETER);
        return;
    }
    struct error err;
    struct page_context context = page_context(service);
    send_page(service, 200, page_form(&context, &err),
              service->config ? service->config->result_max_age : 0, &err);
}

static enum problem run_check(struct service *service, long long now,
                              struct check_result *result)
{
    const struct request *request = &service->request;
    const char *input = request->claim ? request->claim : request->number;
    struct log_policy log = {service->config->log_state, NULL};
    struct check_request asked = {request->claim ? CHECK_QR : CHECK_NUMBER,
                                  input,
                                  strlen(input),
                                  service->config->publication,
                                  now,
                                  1,
                                  !request->json,
                                  &log,
                                  NULL,
                                  0};
    check(&asked, service->trust, &service->memory->check, result);
    memory_note_generation(service->memory, result->answer.status.generation);
    switch (result->problem) {
    case CHECK_MALFORMED: return PROBLEM_MALFORMED_CLAIM;
    case CHECK_NOT_FOUND: return PROBLEM_NOT_FOUND;
    default: return PROBLEM_NONE;
    }
}

/* Until when a result holds by time alone (cgi_memory.h), or -1 when it
 * must not be kept: a status the publication could not give may come
 * right with the next moment. */
static long long holds_until(const struct check_result *check, long long now)
{
    const struct answer *answer = &check->answer;
    long long until = date_end_of_day(timestamp_date(now));
    if (answer->outcome == OUTCOME_STATUS_UNKNOWN
        || (answer->status_checked && answer->status.verdict.outcome == OUTCOME_STATUS_UNKNOWN))
        return -1;
    if (answer->status_checked && answer->status.valid_until < until)
        until = answer->status.valid_until;
    return until;
}

/* What identifies a result's request: the language, the form and the input. */
static char *answer_key(const struct request *request)
{
    return xasprintf("%s %s %s=%s", request->lang, request->json ? "json" : "html",
                     request->claim ? "c" : "no", request->claim ? request->claim
                                                                 : request->number);
}

/* What a remembered answer rests on besides its request: the publication's
 * generation and, when the log state is kept, that state (its directory
 * changes whenever a newer checkpoint is kept). */
static void rests_on(const struct service *service, const char *generation,
                     char out[PATH_MAX + 64])
{
    struct stat info;
    if (service->config->log_state && stat(service->config->log_state, &info) == 0)
        snprintf(out, PATH_MAX + 64, "%s %lld.%09ld", generation, (long long)info.st_mtim.tv_sec,
                 info.st_mtim.tv_nsec);
    else
        snprintf(out, PATH_MAX + 64, "%s", generation);
}

/* A check, answered from memory when the same question was answered under
 * the same publication and nothing it rests on has changed since. */
static void answer_check(struct service *service)
{
    char generation[PATH_MAX] = "", state[PATH_MAX + 64];
    long long now = timestamp_now();
    char *key = answer_key(&service->request);
    const char *kept = NULL;
    if (service->memory->long_lived
        && publication_resolve(service->config->publication, generation) == 0) {
        rests_on(service, generation, state);
        kept = memory_recall_answer(service->memory, key, state, now);
    }
    struct check_result check = {0};
    struct error err;
    char *body = NULL;
    enum problem problem = kept ? PROBLEM_NONE : run_check(service, now, &check);
    if (kept)
        send_result(service, kept);
    else if (problem != PROBLEM_NONE)
        send_problem(service, problem);
    else if (!(body = result_body(service, &check, &err)))
        send_broken(service, err.message);
    else
        send_result(service, body);
    long long until = body ? holds_until(&check, now) : -1;
    if (until >= now) {
        const char *read = check.answer.status.generation;
        rests_on(service, read[0] ? read : generation, state);
        memory_keep_answer(service->memory, key, state, until, body);
    }
    free(body);
    free(key);
    check_result_free(&check);
}

static void answer(struct service *service)
{
    const struct request *request = &service->request;
    enum problem problem = request->problem;
    if (problem == PROBLEM_NONE && !service->config)
        problem = PROBLEM_UNAVAILABLE;
    if (problem != PROBLEM_NONE)
        send_problem(service, problem);
    else if (!request->claim && !request->number)
        send_form(service);
    else
        answer_check(service);
}

void service_answer(struct service_memory *memory, char *const *environment,
                    struct buffer *response, struct buffer *log)
{
    struct service service = {.response = response, .log = log, .memory = memory};
    struct error err;
    load_configuration(&service, environment);
    request_read(environment, service.config ? service.config->lang_default : "zh",
                 &service.request);
    service.text = memory_page_text(memory, service.request.lang, &service.style_hash, &err);
    if (service.text)
        answer(&service);
    else
        send_broken(&service, err.message);
    request_free(&service.request);
}
