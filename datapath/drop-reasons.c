/* drop-reasons: names, descriptions and coverage counters of the
 * datapath's drop reasons. */
#include <config.h>
#include "drop-reasons.h"

#include <stdio.h>
#include <string.h>
#include "osw/coverage.h"

struct drop_reason_info {
    const char *name;
    const char *description;
    const char *coverage_name;
};

static const struct drop_reason_info reasons[DP_DROP_N_REASONS] = {
#define R(ENUM, NAME, DESC) [DP_DROP_##ENUM] = { NAME, DESC, "drop_" NAME },
    DP_DROP_REASONS
#undef R
};

/* One coverage counter per reason, "drop_<name>", registered at start-up
 * like the counters that COVERAGE_DEFINE makes. */
static struct coverage_counter drop_counters[DP_DROP_N_REASONS];

static void drop_reasons_coverage_init(void) __attribute__((constructor));
static void
drop_reasons_coverage_init(void)
{
    for (int i = 0; i < DP_DROP_N_REASONS; i++) {
        drop_counters[i].name = reasons[i].coverage_name;
        coverage_counter_register(&drop_counters[i]);
    }
}

/* Returns the short name of 'reason', or NULL if it is out of range. */
const char *
dp_drop_reason_name(enum dp_drop_reason reason)
{
    return (unsigned int) reason < DP_DROP_N_REASONS
           ? reasons[reason].name : NULL;
}

/* Returns the description of 'reason', or NULL if it is out of range. */
const char *
dp_drop_reason_description(enum dp_drop_reason reason)
{
    return (unsigned int) reason < DP_DROP_N_REASONS
           ? reasons[reason].description : NULL;
}

/* Parses short name 'name' into '*reason'.  Returns true on success. */
bool
dp_drop_reason_from_name(const char *name, enum dp_drop_reason *reason)
{
    for (int i = 0; i < DP_DROP_N_REASONS; i++) {
        if (!strcmp(name, reasons[i].name)) {
            *reason = i;
            return true;
        }
    }
    return false;
}

/* Adds 'n' to the coverage counter "drop_<name>" of 'reason', in the
 * calling thread's slot. */
void
dp_drop_coverage_add(enum dp_drop_reason reason, unsigned int n)
{
    if ((unsigned int) reason < DP_DROP_N_REASONS) {
        *coverage_slot(drop_counters[reason].idx) += n;
    }
}
