/*
 * render_harness.c: drives the certificate renderer for tests/cli/render.sh
 * (built as bin/render-harness by `make test`).
 *
 * It builds certificates by hand (one per grade, plus the longest holder
 * name and scope the default template must hold, and the longest QR URL:
 * version 20), renders them with the
 * default template, and writes next to each PDF what the checks compare
 * against: the expected texts, the QR URL and the record. It also extracts
 * records back, benchmarks rendering, and checks that pdf_font.c's faster
 * cmap maps every BMP code point exactly as libharu's own does.
 *
 * Usage (from the repository root):
 *   render_harness cases DIR             render every case into DIR
 *   render_harness name TEXT OUT.pdf [TEMPLATE]
 *                                        render with TEXT as the holder name
 *   render_harness extract PDF REC URL   pdf_extract_record into two files
 *   render_harness template FILE         load a template, report errors
 *   render_harness cmap FONT INDEX       compare the flattened cmap
 *   render_harness bench COUNT           time COUNT renders in memory
 */
#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pdf_font.h"
#include "pdf_record.h"
#include "qr.h"
#include "record.h"
#include "render.h"
#include "template.h"

#define TEMPLATE_PATH "templates/default.json"

static struct scheme_grade grades[] = {
    {"compliant", "达标级", "Compliant", 0, 700},
    {"three_star", "三星级", "Three-star", 3, 800},
    {"four_star", "四星级", "Four-star", 4, 900},
    {"five_star", "五星级", "Five-star", 5, 950},
};

static struct scheme scheme = {
    .standard = "GB/T 27922-2011",
    .title_zh = "商品售后服务评价体系",
    .title_en = "Evaluation system for after-sales service of commodities",
    .grades = grades,
    .grade_count = 4,
};

static const char long_name[] =
    "广东省深圳市南山区粤海街道高新技术产业园区华信达电子信息科技股份有限公司"
    "第一分公司暨华南地区售后服务与客户支持中心（筹）";

static const char long_scope[] =
    "家用电器（空调器、电冰箱、洗衣机、热水器、厨房电器）的销售、配送、安装、调试、"
    "维修保养、退换货及顾客投诉处理等售后服务；计算机、通信设备及其零部件的技术支持、"
    "上门维修、以旧换新、废旧产品回收处置；智能家居系统的安装指导、远程诊断、软件升级"
    "和用户培训服务；消费电子产品（手机、平板电脑、智能手表、无线耳机）的延保服务、"
    "意外损坏保修、门店及上门取送修服务；售后服务网点管理、备件供应保障、客服热线与"
    "在线客服、服务质量监督检查与持续改进；服务内容还包括产品使用培训、节能改造咨询、"
    "旧机评估与以旧换新补贴申领协助等增值服务项目；覆盖广东、广西、福建、海南、湖南、"
    "江西六省区三百余个城市及其所辖县镇和乡村地区。";

/* A certificate as the record decoder would produce it. */
static struct certificate sample(const struct scheme_grade *grade, const char *number)
{
    struct certificate c = {0};
    c.number = (char *)number;
    c.body_name = "华标认证服务（深圳）有限公司";
    c.holder_name = "深圳市华信达电子科技有限公司";
    c.holder_uscc = "91512081MA62K0260E";
    c.holder_address = "广东省深圳市南山区粤海街道科技南十二路18号华信达大厦A座12层";
    c.scope = "家用电器（空调器、电冰箱、洗衣机）的销售、配送、安装、维修及退换货服务";
    c.scheme = &scheme;
    c.grade = grade;
    c.lead_auditor = "王建国";
    c.approved = 1;
    c.head_name = "李明华";
    c.issue_date = (struct date){2025, 3, 1};
    c.expiry_date = (struct date){2028, 2, 29};
    c.surveillance_due[0] = (struct date){2026, 2, 28};
    c.surveillance_due[1] = (struct date){2027, 2, 28};
    c.surveillance_count = 2;
    return c;
}

/* Deterministic base64url text with both cases, '-' and '_': upper-casing
 * by the QR encoder or a scanner would show. */
static void pseudo_base64url(char *out, size_t length, unsigned seed)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (size_t i = 0; i < length; i++) {
        seed = seed * 1103515245u + 12345u;
        out[i] = alphabet[(seed >> 16) % 64];
    }
    out[length] = '\0';
}

/* https://verify.example-body.cn/verify?c= plus a compact JWS of jws_length
 * characters (350 is usual: a 12-character holder name). */
static char *qr_url_of_length(unsigned seed, size_t jws_length)
{
    char header[] = "eyJhbGciOiJFZERTQSIsImtpZCI6ImJvZHktMjAyNSIsInR5cCI6InN0YXR1cytqd3QifQ";
    char payload[QR_MAX_TEXT], signature[86 + 1];
    pseudo_base64url(payload, jws_length - (sizeof header - 1) - 2 - 86, seed);
    pseudo_base64url(signature, 86, seed + 1);
    return xasprintf("https://verify.example-body.cn/verify?c=%s.%s.%s", header, payload,
                     signature);
}

static char *qr_url_for(unsigned seed)
{
    return qr_url_of_length(seed, 350);
}

/* The longest such URL a QR code of the given version holds at level M. */
static char *qr_url_filling_version(unsigned seed, int version)
{
    char *url = NULL;
    for (size_t length = 300;; length++) {
        char *longer = qr_url_of_length(seed, length);
        struct qr_symbol symbol;
        struct error err;
        int fits = qr_encode(longer, &symbol, &err) == 0 && symbol.version <= version;
        qr_free(&symbol);
        if (!fits) {
            free(longer);
            return url;
        }
        free(url);
        url = longer;
    }
}

/* A record-like JWS JSON text of a few KB, with bytes that must not fool
 * the extractor: PDF keywords, parentheses, Chinese text. */
static char *record_for(const struct certificate *c, unsigned seed)
{
    char payload[3001], signature[87];
    pseudo_base64url(payload, 3000, seed);
    pseudo_base64url(signature, 86, seed + 7);
    return xasprintf("{\"payload\":\"%s\",\"signatures\":[{\"protected\":\"eyJhbGciOiJFZERTQSJ9\","
                     "\"signature\":\"%s\"}],\"note\":\"%s endstream /Type /EmbeddedFile "
                     "(unbalanced \\\\ %s\"}\n",
                     payload, signature, c->number, c->holder_name);
}

static int write_text(const char *path, const char *text)
{
    struct error err;
    if (write_file_atomic(path, text, strlen(text), 0644, 0, &err) != 0) {
        fprintf(stderr, "%s\n", err.message);
        return -1;
    }
    return 0;
}

/* The details box's value column, in pdftotext's top-left points, so the
 * check can read wrapped values without the labels beside them. */
static char *value_column(const struct template *t)
{
    const struct template_box *b = &t->boxes.details;
    float left = b->left + t->details.label_width;
    float top = t->page_height - (b->bottom + b->height);
    return xasprintf("%.0f %.0f %.0f %.0f\n", left - 1, top - 1, b->width - t->details.label_width + 2,
                     b->height + 2);
}

static char *expected_texts(const struct certificate *c)
{
    char issue[11], expiry[11], first[11], second[11];
    date_format(c->issue_date, issue);
    date_format(c->expiry_date, expiry);
    date_format(c->surveillance_due[0], first);
    date_format(c->surveillance_due[1], second);
    return xasprintf("name\t%s\nuscc\t%s\nscope\t%s\nnumber\t%s\nissue\t%s\nexpiry\t%s\n"
                     "surveillance\t%s\nsurveillance\t%s\n",
                     c->holder_name, c->holder_uscc, c->scope, c->number, issue, expiry,
                     first, second);
}

static char *qr_version_text(const char *url)
{
    struct qr_symbol symbol;
    struct error err;
    int version = qr_encode(url, &symbol, &err) == 0 ? symbol.version : 0;
    qr_free(&symbol);
    return xasprintf("%d\n", version);
}

/* Renders c into DIR/NAME.pdf with the QR URL url (NULL: a usual one; the
 * function frees it) and writes beside it what the checks compare with:
 * NAME.url, .record, .expect (the texts), .crop (the value column) and
 * .version (the QR version). */
static int render_case(const struct template *t, const char *dir, const char *name,
                       const struct certificate *c, unsigned seed, char *url)
{
    struct error err;
    char *record = record_for(c, seed);
    if (!url)
        url = qr_url_for(seed);
    char *pdf = xasprintf("%s/%s.pdf", dir, name), *url_path = xasprintf("%s/%s.url", dir, name);
    char *record_path = xasprintf("%s/%s.record", dir, name);
    char *expect_path = xasprintf("%s/%s.expect", dir, name);
    char *crop_path = xasprintf("%s/%s.crop", dir, name);
    char *version_path = xasprintf("%s/%s.version", dir, name);
    char *expect = expected_texts(c), *crop = value_column(t), *version = qr_version_text(url);
    int status = render_certificate(c, t, url, record, NULL, NULL, pdf, &err);
    if (status != 0)
        fprintf(stderr, "%s: %s\n", name, err.message);
    else
        status = write_text(url_path, url) || write_text(record_path, record)
                 || write_text(expect_path, expect) || write_text(crop_path, crop)
                 || write_text(version_path, version) ? -1 : 0;
    char *owned[] = {url, record, pdf, url_path, record_path, expect_path, crop_path,
                     version_path, expect, crop, version};
    for (size_t i = 0; i < sizeof owned / sizeof owned[0]; i++)
        free(owned[i]);
    return status;
}

static int load_template(struct template *t, const char *path)
{
    struct error err;
    if (template_load(path, t, &err) != 0) {
        fprintf(stderr, "%s\n", err.message);
        return -1;
    }
    return 0;
}

static int run_cases(const char *dir)
{
    struct template t;
    if (load_template(&t, TEMPLATE_PATH) != 0)
        return 1;
    static const char *const names[] = {"grade-0", "grade-3", "grade-4", "grade-5"};
    static const char *const numbers[] = {"HB-SC-2025-000101", "HB-SC-2025-000102",
                                          "HB-SC-2025-000103", "HB-SC-2025-000104"};
    int failed = 0;
    for (size_t i = 0; i < 4; i++) {
        struct certificate c = sample(&grades[i], numbers[i]);
        failed |= render_case(&t, dir, names[i], &c, 1000 + (unsigned)i, NULL) != 0;
    }
    struct certificate c = sample(&grades[3], "HB-SC-2025-000199");
    c.holder_name = (char *)long_name;
    c.scope = (char *)long_scope;
    if (utf8_length(long_name) != 60 || utf8_length(long_scope) != 300) {
        fprintf(stderr, "the long name and scope must have 60 and 300 characters\n");
        failed = 1;
    }
    failed |= render_case(&t, dir, "long", &c, 2000, NULL) != 0;
    /* The longest URL the default QR box must hold: a real claim for a
     * 60-character name needs version 18, and the box holds version 20 at
     * the smallest module allowed. */
    failed |= render_case(&t, dir, "qr-v20", &c, 3000, qr_url_filling_version(3000, 20)) != 0;
    template_free(&t);
    return failed;
}

/* Exit 2 with the renderer's message when the name is refused, as the
 * issuer will. */
static int run_name(const char *holder_name, const char *out, const char *template_path)
{
    struct template t;
    if (load_template(&t, template_path) != 0)
        return 1;
    struct certificate c = sample(&grades[3], "HB-SC-2025-000301");
    c.holder_name = (char *)holder_name;
    char *url = qr_url_for(7), *record = record_for(&c, 7);
    struct error err;
    int status = render_certificate(&c, &t, url, record, NULL, NULL, out, &err);
    if (status != 0)
        fprintf(stderr, "render: %s\n", err.message);
    free(url);
    free(record);
    template_free(&t);
    return status == 0 ? 0 : 2;
}

static int run_extract(const char *pdf_path, const char *record_path, const char *url_path)
{
    struct error err;
    size_t length;
    char *pdf = read_file_bounded(pdf_path, PDF_MAX_BYTES, &length, &err), *record, *url, *proof;
    if (!pdf || pdf_extract_record(pdf, length, &record, &url, &proof, &err) != 0) {
        fprintf(stderr, "extract: %s\n", err.message);
        free(pdf);
        return 2;
    }
    int status = write_text(record_path, record) || write_text(url_path, url) ? 1 : 0;
    free(record);
    free(url);
    free(proof);
    free(pdf);
    return status;
}

static int run_template(const char *path)
{
    struct template t;
    struct error err;
    if (template_load(path, &t, &err) != 0) {
        fprintf(stderr, "template: %s\n", err.message);
        return 2;
    }
    template_free(&t);
    return 0;
}

/* Loads the face twice, once the ordinary way and once through
 * pdf_font_load, and compares the glyph of every BMP code point. */
static int run_cmap(const char *font, unsigned index)
{
    HPDF_Doc plain = HPDF_New(NULL, NULL), fast = HPDF_New(NULL, NULL);
    HPDF_UseUTFEncodings(plain);
    HPDF_UseUTFEncodings(fast);
    int collection = strstr(font, ".ttc") != NULL;
    const char *name = collection ? HPDF_LoadTTFontFromFile2(plain, font, index, HPDF_TRUE)
                                  : HPDF_LoadTTFontFromFile(plain, font, HPDF_TRUE);
    struct error err;
    HPDF_Font loaded = pdf_font_load(fast, font, index, collection, NULL, &err);
    if (!name || !loaded) {
        fprintf(stderr, "cmap: cannot load %s\n", font);
        return 1;
    }
    HPDF_FontDef before = HPDF_GetFontDef(plain, name);
    HPDF_FontDef after = HPDF_GetFontDef(fast, name);
    unsigned differences = 0;
    for (unsigned code = 0; code <= 0xFFFF; code++)
        differences += HPDF_TTFontDef_GetGlyphid(before, (HPDF_UINT16)code)
                       != HPDF_TTFontDef_GetGlyphid(after, (HPDF_UINT16)code);
    printf("%s: %u of 65536 code points map differently\n", font, differences);
    HPDF_Free(plain);
    HPDF_Free(fast);
    return differences != 0;
}

static double seconds(clockid_t clock)
{
    struct timespec now;
    clock_gettime(clock, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

static int run_bench(int count)
{
    struct template t;
    if (load_template(&t, TEMPLATE_PATH) != 0)
        return 1;
    struct certificate c = sample(&grades[3], "HB-SC-2025-000401");
    char *url = qr_url_for(11), *record = record_for(&c, 11);
    double wall = seconds(CLOCK_MONOTONIC), cpu = seconds(CLOCK_PROCESS_CPUTIME_ID);
    size_t bytes = 0;
    for (int i = 0; i < count; i++) {
        unsigned char *pdf;
        struct error err;
        if (render_certificate_to_memory(&c, &t, url, record, NULL, NULL, &pdf, &bytes, &err) != 0) {
            fprintf(stderr, "bench: %s\n", err.message);
            return 1;
        }
        free(pdf);
    }
    wall = seconds(CLOCK_MONOTONIC) - wall;
    cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu;
    printf("%d PDFs of %zu bytes: %.1f ms wall, %.1f ms CPU per PDF (%.0f PDFs/s per core)\n",
           count, bytes, wall * 1000 / count, cpu * 1000 / count, count / cpu);
    free(url);
    free(record);
    template_free(&t);
    return 0;
}

int main(int argc, char **argv)
{
    set_program_name("render_harness");
    if (argc == 3 && strcmp(argv[1], "cases") == 0)
        return run_cases(argv[2]);
    if ((argc == 4 || argc == 5) && strcmp(argv[1], "name") == 0)
        return run_name(argv[2], argv[3], argc == 5 ? argv[4] : TEMPLATE_PATH);
    if (argc == 5 && strcmp(argv[1], "extract") == 0)
        return run_extract(argv[2], argv[3], argv[4]);
    if (argc == 3 && strcmp(argv[1], "template") == 0)
        return run_template(argv[2]);
    if (argc == 4 && strcmp(argv[1], "cmap") == 0)
        return run_cmap(argv[2], (unsigned)atoi(argv[3]));
    if (argc == 3 && strcmp(argv[1], "bench") == 0)
        return run_bench(atoi(argv[2]));
    fprintf(stderr, "usage: see the comment at the top of tests/render_harness.c\n");
    return 2;
}
