/*
 * summary.c: the human-readable form of a certificate, shared by
 * `verifier` and `issuer show` so both print the same thing.
 */
#include "summary.h"

#include "grade.h"

static void print_grade(FILE *out, const struct certificate *c)
{
    char score[16];
    tenths_format(c->score_tenths, score);
    fprintf(out, "  Grade        %s %s (%s), score %s\n", c->grade->name_zh,
            c->grade->stars ? grade_stars(c->grade) : "(no stars)", c->grade->name_en,
            score);
}

void certificate_print(FILE *out, const struct certificate *c)
{
    fprintf(out, "  Certificate  %s\n", c->number);
    fprintf(out, "  Holder       %s\n", c->holder_name);
    fprintf(out, "  Credit code  %s\n", c->holder_uscc);
    fprintf(out, "  Address      %s\n", c->holder_address);
    print_grade(out, c);
    fprintf(out, "  Scope        %s\n", c->scope);
    fprintf(out, "  Standard     %s %s\n", c->scheme->standard, c->scheme->title_zh);
    fprintf(out, "  Issued by    %s (%s)\n", c->body_name, c->body_id);
    fprintf(out, "  Lead auditor %s\n", c->lead_auditor);
    if (!c->approved) {
        fprintf(out, "  Decision     pending approval by the head of the body\n");
        return;
    }
    char issue[11], expiry[11];
    date_format(c->issue_date, issue);
    date_format(c->expiry_date, expiry);
    fprintf(out, "  Approved by  %s\n", c->head_name);
    fprintf(out, "  Valid        %s to %s\n", issue, expiry);
    for (size_t i = 0; i < c->surveillance_count; i++) {
        char due[11];
        date_format(c->surveillance_due[i], due);
        fprintf(out, "  Surveillance %zu due by %s\n", i + 1, due);
    }
    if (c->supersedes)
        fprintf(out, "  Supersedes   %s\n", c->supersedes);
}
