/*
 * status.c: the status and reason-code tables. They are part of the
 * published format (codes appear in status lists and responses), so they
 * change only with docs/lifecycle.md and a format version.
 */
#include "status.h"

#include <stdio.h>
#include <string.h>

static const struct status_name statuses[] = {
    {"valid", "有效", "Valid"},
    {"suspended", "暂停", "Suspended"},
    {"revoked", "撤销", "Revoked"},
    {"withdrawn", "注销", "Withdrawn"},
    {"expired", "过期", "Expired"},
    {"overdue", "监督逾期", "Surveillance overdue"},
    {"unknown", "状态未知", "Status unknown"},
    {"not_genuine", "无效", "Not genuine"},
};

static const struct reason_code codes[] = {
    {"surveillance_overdue", "suspend", "未按期接受监督审核", "Surveillance not carried out in time"},
    {"surveillance_failed", "suspend", "监督审核不通过", "Surveillance audit failed"},
    {"nonconformity", "suspend revoke", "不再符合认证要求", "No longer meets the certification requirements"},
    {"misuse_of_mark", "suspend revoke", "违规使用认证证书或标志", "Misuse of the certificate or mark"},
    {"holder_request", "suspend withdraw", "获证组织申请", "At the holder's request"},
    {"corrected", "reinstate", "整改完成，恢复有效", "Nonconformity corrected"},
    {"surveillance_passed", "reinstate", "监督审核通过", "Surveillance audit passed"},
    {"suspension_expired", "revoke", "暂停期满未整改", "Not corrected within the maximum suspension"},
    {"fraud", "revoke", "提供虚假材料", "False information supplied"},
    {"business_closed", "withdraw", "获证组织注销或停业", "Business closed"},
    {"superseded", "withdraw", "已换发新证书", "Superseded by a new certificate"},
    {"validity_ended", "expire", "有效期届满", "Validity period ended"},
    {"other", "suspend reinstate revoke withdraw", "其他", "Other"},
};

const struct status_name *status_name(const char *id)
{
    for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
        if (strcmp(statuses[i].id, id) == 0)
            return &statuses[i];
    return NULL;
}

const struct reason_code *reason_code_find(const char *code)
{
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if (strcmp(codes[i].code, code) == 0)
            return &codes[i];
    return NULL;
}

static int word_listed(const char *list, const char *word)
{
    size_t length = strlen(word);
    for (const char *p = list; (p = strstr(p, word)); p += length)
        if ((p == list || p[-1] == ' ') && (p[length] == ' ' || p[length] == '\0'))
            return 1;
    return 0;
}

int reason_code_allowed(const char *command, const char *code)
{
    const struct reason_code *found = reason_code_find(code);
    return found && word_listed(found->commands, command);
}

void reason_codes_for(const char *command, char *out, unsigned long size)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof codes / sizeof codes[0] && used < size; i++)
        if (word_listed(codes[i].commands, command))
            used += (size_t)snprintf(out + used, size - used, "%s%s", used ? ", " : "",
                                     codes[i].code);
}
