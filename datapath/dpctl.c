/* dpctl: the "dpctl/..." unixctl commands, which show the datapaths'
 * ports, cached flows and counters (osw-dpctl is their front end). */
#include <config.h>
#include "dpif.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "dp-actions.h"
#include "osw/dynamic-string.h"
#include "osw/netdev.h"
#include "osw/timeval.h"
#include "osw/unixctl.h"
#include "osw/util.h"

/* Parses the options of 'argv' (see dpif.h); returns an error message to
 * free, or NULL. */
char *
dpctl_parse_opts(int argc, const char *argv[], struct dpctl_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-s") || !strcmp(a, "--statistics")) {
            opts->stats = true;
        } else if (!strcmp(a, "-m") || !strcmp(a, "--more")) {
            opts->more = true;
        } else if (!strcmp(a, "--names")) {
            opts->names = true;
        } else if (!strcmp(a, "--no-names")) {
            opts->names = false;
        } else if (a[0] == '-' && a[1]) {
            return xasprintf("unknown option \"%s\"", a);
        } else if (!opts->arg) {
            opts->arg = a;
        } else {
            return xasprintf("unexpected argument \"%s\"", a);
        }
    }
    return NULL;
}

/* Returns the datapath named 'name' (NULL: the first), or NULL. */
static struct dpif *
find_dp(const char *name)
{
    for (struct dpif *dp = dpif_next(NULL); dp; dp = dpif_next(dp)) {
        if (!name || !strcmp(dpif_name(dp), name)
            || (!strncmp(name, "netdev@", 7)
                && !strcmp(dpif_name(dp), name + 7))) {
            return dp;
        }
    }
    return NULL;
}

/* Runs 'cb' for the datapath that 'arg' names, or every datapath.  On
 * error replies to 'conn' and returns false. */
static bool
check_dp(struct unixctl_conn *conn, const char *arg, struct dpif **dpp)
{
    *dpp = NULL;
    if (!dpif_next(NULL)) {
        unixctl_command_reply_error(conn, "no datapath");
        return false;
    }
    if (arg) {
        *dpp = find_dp(arg);
        if (!*dpp) {
            char *msg = xasprintf("%s: no such datapath", arg);
            unixctl_command_reply_error(conn, msg);
            free(msg);
            return false;
        }
    }
    return true;
}

static bool
reply_opts_error(struct unixctl_conn *conn, int argc, const char *argv[],
                 struct dpctl_opts *opts)
{
    char *error = dpctl_parse_opts(argc, argv, opts);
    if (error) {
        unixctl_command_reply_error(conn, error);
        free(error);
        return true;
    }
    return false;
}

/* dpctl/show. */

struct show_ctx {
    struct ds *ds;
    const struct dpif *dp;
    bool stats;
};

static void
put_counter(struct ds *ds, const char *name, uint64_t value)
{
    if (value == UINT64_MAX) {
        ds_put_format(ds, "%s:?", name);
    } else {
        ds_put_format(ds, "%s:%"PRIu64, name, value);
    }
}

static void
show_port(const struct dpif_port *port, void *ctx_)
{
    struct show_ctx *ctx = ctx_;
    struct ds *ds = ctx->ds;

    ds_put_format(ds, "  port %"PRIu32": %s", port->port_no, port->name);
    if (strcmp(port->type, "system") && port->type[0]) {
        ds_put_format(ds, " (%s)", port->type);
    }
    ds_put_char(ds, '\n');

    if (ctx->stats) {
        struct netdev_stats s;
        uint64_t drops[DP_DROP_N_REASONS], n_drops = 0;

        if (!netdev_get_stats(port->netdev, &s)) {
            ds_put_cstr(ds, "    RX ");
            put_counter(ds, "packets", s.rx_packets);
            ds_put_char(ds, ' ');
            put_counter(ds, "errors", s.rx_errors);
            ds_put_char(ds, ' ');
            put_counter(ds, "dropped", s.rx_dropped);
            ds_put_cstr(ds, "\n    TX ");
            put_counter(ds, "packets", s.tx_packets);
            ds_put_char(ds, ' ');
            put_counter(ds, "errors", s.tx_errors);
            ds_put_char(ds, ' ');
            put_counter(ds, "dropped", s.tx_dropped);
            ds_put_cstr(ds, "\n    RX ");
            put_counter(ds, "bytes", s.rx_bytes);
            ds_put_cstr(ds, "  TX ");
            put_counter(ds, "bytes", s.tx_bytes);
            ds_put_char(ds, '\n');
        }
        if (!dpif_get_drop_stats(ctx->dp, port->port_no, drops)) {
            for (int r = 0; r < DP_DROP_N_REASONS; r++) {
                n_drops += drops[r];
            }
        }
        ds_put_format(ds, "    datapath drops:%"PRIu64"\n", n_drops);
    }
}

static void
show_dp(struct ds *ds, struct dpif *dp, bool stats)
{
    struct dpif_dp_stats s;
    uint64_t n_probes = 0;

    dpif_get_stats(dp, &s);
    for (unsigned int i = 0; i < dpif_n_threads(dp); i++) {
        struct dpif_thread_stats ts;
        if (dpif_get_thread_stats(dp, i, &ts)) {
            n_probes += ts.n_probes;
        }
    }

    ds_put_format(ds, "netdev@%s:\n", dpif_name(dp));
    ds_put_format(ds, "  lookups: hit:%"PRIu64" missed:%"PRIu64
                  " lost:%"PRIu64"\n", s.n_hit, s.n_missed, s.n_lost);
    ds_put_format(ds, "  flows: %"PRIu64"\n", s.n_flows);
    ds_put_format(ds, "  masks: hit:%"PRIu64" total:%"PRIu64
                  " hit/pkt:%.2f\n", n_probes, s.n_masks,
                  (s.n_hit + s.n_missed
                   ? (double) n_probes / (s.n_hit + s.n_missed) : 0.0));
    if (stats) {
        ds_put_format(ds, "  caches: emc-hit:%"PRIu64" megaflow-hit:%"PRIu64
                      "\n", s.n_emc_hit, s.n_hit - s.n_emc_hit);
    }

    struct show_ctx ctx = { ds, dp, stats };
    dpif_port_dump(dp, show_port, &ctx);
}

static void
dpctl_show(struct unixctl_conn *conn, int argc, const char *argv[],
           void *aux OSW_UNUSED)
{
    struct dpctl_opts opts;
    struct dpif *dp;

    if (reply_opts_error(conn, argc, argv, &opts)
        || !check_dp(conn, opts.arg, &dp)) {
        return;
    }

    struct ds ds = DS_EMPTY_INITIALIZER;
    if (dp) {
        show_dp(&ds, dp, opts.stats);
    } else {
        for (dp = dpif_next(NULL); dp; dp = dpif_next(dp)) {
            show_dp(&ds, dp, opts.stats);
        }
    }
    unixctl_command_reply(conn, ds_cstr(&ds));
    ds_destroy(&ds);
}

/* dpctl/dump-dps. */

static void
dpctl_dump_dps(struct unixctl_conn *conn, int argc OSW_UNUSED,
               const char *argv[] OSW_UNUSED, void *aux OSW_UNUSED)
{
    struct ds ds = DS_EMPTY_INITIALIZER;

    for (struct dpif *dp = dpif_next(NULL); dp; dp = dpif_next(dp)) {
        ds_put_format(&ds, "netdev@%s\n", dpif_name(dp));
    }
    unixctl_command_reply(conn, ds_cstr(&ds));
    ds_destroy(&ds);
}

/* dpctl/dump-flows. */

struct dump_ctx {
    struct ds *ds;
    struct dpif *dp;
    const struct dpctl_opts *opts;
    bool (*filter)(uint32_t in_port, void *aux);
    void *filter_aux;
    long long int now;
};

static const char *
dump_port_name(uint32_t port, void *ctx_)
{
    struct dump_ctx *ctx = ctx_;
    return dpif_port_name(ctx->dp, port);
}

static void
dump_flow(const struct dpif_flow *f, void *ctx_)
{
    struct dump_ctx *ctx = ctx_;
    struct ds *ds = ctx->ds;
    const char *(*names)(uint32_t, void *) = (ctx->opts->names
                                              ? dump_port_name : NULL);

    if (ctx->filter && !ctx->filter(f->key.in_port, ctx->filter_aux)) {
        return;
    }
    if (ctx->opts->more) {
        ds_put_format(ds, "thread:%u, ", f->thread);
    }
    flow_format(ds, &f->key, &f->mask, names, ctx);
    if (ctx->opts->more) {
        const uint64_t *m = (const uint64_t *) (const void *) &f->mask.masks;
        ds_put_cstr(ds, ", mask(");
        for (size_t i = 0; i < FLOW_U64S; i++) {
            if (m[i]) {
                ds_put_format(ds, "%zu=%016"PRIx64",", i, m[i]);
            }
        }
        ds_chomp(ds, ',');
        ds_put_char(ds, ')');
    }
    ds_put_format(ds, ", packets:%"PRIu64", bytes:%"PRIu64", used:",
                  f->stats.n_packets, f->stats.n_bytes);
    if (f->stats.used) {
        long long int age = MAX(ctx->now - f->stats.used, 0);
        ds_put_format(ds, "%lld.%03llds", age / 1000, age % 1000);
    } else {
        ds_put_cstr(ds, "never");
    }
    ds_put_cstr(ds, ", actions:");
    dp_actions_format(ds, f->actions, f->actions_len, names, ctx);
    ds_put_char(ds, '\n');
}

/* Appends the flows of 'dp' whose input port 'filter' (nullable) accepts,
 * as dpctl/dump-flows prints them with 'opts'. */
void
dpctl_format_flows(struct ds *ds, struct dpif *dp,
                   const struct dpctl_opts *opts,
                   bool (*filter)(uint32_t in_port, void *aux), void *aux)
{
    struct dump_ctx ctx = {
        .ds = ds, .dp = dp, .opts = opts,
        .filter = filter, .filter_aux = aux, .now = time_msec(),
    };
    dpif_flow_dump(dp, dump_flow, &ctx);
}

static void
dpctl_dump_flows(struct unixctl_conn *conn, int argc, const char *argv[],
                 void *aux OSW_UNUSED)
{
    struct dpctl_opts opts;
    struct dpif *dp;

    if (reply_opts_error(conn, argc, argv, &opts)
        || !check_dp(conn, opts.arg, &dp)) {
        return;
    }

    struct ds ds = DS_EMPTY_INITIALIZER;
    for (struct dpif *d = dp ? dp : dpif_next(NULL); d;
         d = dp ? NULL : dpif_next(d)) {
        dpctl_format_flows(&ds, d, &opts, NULL, NULL);
    }
    unixctl_command_reply(conn, ds_cstr(&ds));
    ds_destroy(&ds);
}

/* dpctl/del-flows. */

static void
dpctl_del_flows(struct unixctl_conn *conn, int argc, const char *argv[],
                void *aux OSW_UNUSED)
{
    struct dpctl_opts opts;
    struct dpif *dp;

    if (reply_opts_error(conn, argc, argv, &opts)
        || !check_dp(conn, opts.arg, &dp)) {
        return;
    }
    for (struct dpif *d = dp ? dp : dpif_next(NULL); d;
         d = dp ? NULL : dpif_next(d)) {
        dpif_flow_flush(d);
    }
    unixctl_command_reply(conn, NULL);
}

/* dpctl/drop-stats. */

struct drop_ctx {
    struct ds *ds;
    struct dpif *dp;
    const char *want;           /* Port name or number, or NULL. */
    bool found;
};

static void
put_drops(struct ds *ds, const uint64_t counts[DP_DROP_N_REASONS],
          bool all)
{
    for (int r = 0; r < DP_DROP_N_REASONS; r++) {
        if (all || counts[r]) {
            ds_put_format(ds, "    %-18s %12"PRIu64"  %s\n",
                          dp_drop_reason_name(r), counts[r],
                          dp_drop_reason_description(r));
        }
    }
}

static void
drop_port(const struct dpif_port *port, void *ctx_)
{
    struct drop_ctx *ctx = ctx_;
    uint64_t counts[DP_DROP_N_REASONS];
    char number[16];

    snprintf(number, sizeof number, "%"PRIu32, port->port_no);
    if (ctx->want && strcmp(ctx->want, port->name)
        && strcmp(ctx->want, number)) {
        return;
    }
    ctx->found = true;
    if (dpif_get_drop_stats(ctx->dp, port->port_no, counts)) {
        return;
    }

    uint64_t total = 0;
    for (int r = 0; r < DP_DROP_N_REASONS; r++) {
        total += counts[r];
    }
    ds_put_format(ctx->ds, "  port %"PRIu32": %s: total %"PRIu64"\n",
                  port->port_no, port->name, total);
    put_drops(ctx->ds, counts, ctx->want != NULL);

    /* Frames the device itself refused (ring overruns, frames it could
     * not take) never reached the datapath: show them beside. */
    struct netdev_stats s;
    if (!netdev_get_stats(port->netdev, &s)) {
        uint64_t v[3] = { s.rx_dropped, s.rx_errors, s.tx_dropped };
        if ((v[0] && v[0] != UINT64_MAX) || (v[1] && v[1] != UINT64_MAX)
            || (v[2] && v[2] != UINT64_MAX) || ctx->want) {
            ds_put_cstr(ctx->ds, "    device: ");
            put_counter(ctx->ds, "rx_dropped", v[0]);
            ds_put_char(ctx->ds, ' ');
            put_counter(ctx->ds, "rx_errors", v[1]);
            ds_put_char(ctx->ds, ' ');
            put_counter(ctx->ds, "tx_dropped", v[2]);
            ds_put_char(ctx->ds, '\n');
        }
    }
}

static void
drop_stats_dp(struct ds *ds, struct dpif *dp, const char *want,
              bool *found)
{
    uint64_t counts[DP_DROP_N_REASONS];
    struct drop_ctx ctx = { ds, dp, want, false };

    if (!want) {
        uint64_t total = 0;

        dpif_get_drop_stats(dp, ODPP_NONE, counts);
        for (int r = 0; r < DP_DROP_N_REASONS; r++) {
            total += counts[r];
        }
        ds_put_format(ds, "netdev@%s: total %"PRIu64"\n", dpif_name(dp),
                      total);
        put_drops(ds, counts, true);
    }
    dpif_port_dump(dp, drop_port, &ctx);
    *found |= ctx.found;
}

static void
dpctl_drop_stats(struct unixctl_conn *conn, int argc, const char *argv[],
                 void *aux OSW_UNUSED)
{
    struct dpctl_opts opts;
    struct dpif *dp;

    if (reply_opts_error(conn, argc, argv, &opts)
        || !check_dp(conn, NULL, &dp)) {
        return;
    }

    struct ds ds = DS_EMPTY_INITIALIZER;
    bool found = false;
    for (dp = dpif_next(NULL); dp; dp = dpif_next(dp)) {
        drop_stats_dp(&ds, dp, opts.arg, &found);
    }
    if (opts.arg && !found) {
        char *msg = xasprintf("%s: no such port", opts.arg);
        unixctl_command_reply_error(conn, msg);
        free(msg);
    } else {
        unixctl_command_reply(conn, ds_cstr(&ds));
    }
    ds_destroy(&ds);
}

/* dpctl/cache-stats. */

static void
dpctl_cache_stats(struct unixctl_conn *conn, int argc, const char *argv[],
                  void *aux OSW_UNUSED)
{
    struct dpctl_opts opts;
    struct dpif *dp;

    if (reply_opts_error(conn, argc, argv, &opts)
        || !check_dp(conn, opts.arg, &dp)) {
        return;
    }

    struct ds ds = DS_EMPTY_INITIALIZER;
    for (struct dpif *d = dp ? dp : dpif_next(NULL); d;
         d = dp ? NULL : dpif_next(d)) {
        ds_put_format(&ds, "netdev@%s:\n", dpif_name(d));
        for (unsigned int i = 0; i < dpif_n_threads(d); i++) {
            struct dpif_thread_stats s;
            if (!dpif_get_thread_stats(d, i, &s)) {
                continue;
            }
            ds_put_format(&ds, "  thread %u: rxqs:%zu emc-hit:%"PRIu64
                          " megaflow-hit:%"PRIu64" missed:%"PRIu64
                          " lost:%"PRIu64" flows:%"PRIu64" masks:%"PRIu64
                          " probes/lookup:%.2f\n",
                          s.id, s.n_rxqs, s.n_emc_hit,
                          s.n_hit - s.n_emc_hit, s.n_missed, s.n_lost,
                          s.n_flows, s.n_masks,
                          s.n_lookups
                          ? (double) s.n_probes / s.n_lookups : 0.0);
        }
    }
    unixctl_command_reply(conn, ds_cstr(&ds));
    ds_destroy(&ds);
}

/* Registers the dpctl commands (once). */
void
dpctl_register_commands(void)
{
    static bool registered;
    if (registered) {
        return;
    }
    registered = true;

    unixctl_command_register("dpctl/show", "[-s] [DP]", 0, 2,
                             dpctl_show, NULL);
    unixctl_command_register("dpctl/dump-dps", "", 0, 0,
                             dpctl_dump_dps, NULL);
    unixctl_command_register("dpctl/dump-flows", "[-m] [--names] [DP]",
                             0, 3, dpctl_dump_flows, NULL);
    unixctl_command_register("dpctl/del-flows", "[DP]", 0, 1,
                             dpctl_del_flows, NULL);
    unixctl_command_register("dpctl/drop-stats", "[PORT]", 0, 1,
                             dpctl_drop_stats, NULL);
    unixctl_command_register("dpctl/cache-stats", "[DP]", 0, 1,
                             dpctl_cache_stats, NULL);
}
