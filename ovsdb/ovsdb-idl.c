/* ovsdb-idl: an in-memory replica of an OVSDB database.  See the header for
 * the contract; this file is organized as:
 *
 *   - bitmaps, data structures;
 *   - tables and what to replicate;
 *   - rows and applying the server's updates to them;
 *   - the connection: the request sequence of each new connection,
 *     "_Server", monitors, conditions, locks;
 *   - reading the replica;
 *   - transactions. */
#include <config.h>
#include "ovsdb-idl.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <string.h>

#include "osw/dynamic-string.h"
#include "osw/hash.h"
#include "osw/jsonrpc.h"
#include "osw/poll-loop.h"
#include "osw/vlog.h"
#include "ovsdb-error.h"
#include "ovsdb-parser.h"

VLOG_DEFINE_THIS_MODULE(ovsdb_idl);

/* For everything the server can trigger. */
static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

/* Messages processed per ovsdb_idl_run(), so that a flood of updates does
 * not starve the rest of the main loop. */
#define IDL_MAX_MSGS_PER_RUN 50

/* Bitmaps over column indexes.  A NULL bitmap is all zeros. */

#define BM_BITS (CHAR_BIT * sizeof(unsigned long))

static unsigned long *
bm_alloc(size_t n_bits)
{
    return xcalloc(MAX(DIV_ROUND_UP(n_bits, BM_BITS), 1),
                   sizeof(unsigned long));
}

static bool
bm_is_set(const unsigned long *bm, size_t i)
{
    return bm && (bm[i / BM_BITS] >> (i % BM_BITS)) & 1;
}

/* Sets bit 'i' of '*bmp', allocating a bitmap of 'n_bits' if needed. */
static void
bm_set1(unsigned long **bmp, size_t n_bits, size_t i)
{
    if (!*bmp) {
        *bmp = bm_alloc(n_bits);
    }
    (*bmp)[i / BM_BITS] |= 1UL << (i % BM_BITS);
}

static void
bm_set0(unsigned long *bm, size_t i)
{
    if (bm) {
        bm[i / BM_BITS] &= ~(1UL << (i % BM_BITS));
    }
}

/* ORs 'src' into '*dstp'. */
static void
bm_or(unsigned long **dstp, const unsigned long *src, size_t n_bits)
{
    if (src) {
        for (size_t i = 0; i < n_bits; i++) {
            if (bm_is_set(src, i)) {
                bm_set1(dstp, n_bits, i);
            }
        }
    }
}

/* Data structures. */

/* Column modes. */
enum {
    IDL_MONITOR = 1 << 0,       /* Replicated. */
    IDL_ALERT = 1 << 1          /* Changes bump the seqno. */
};

struct ovsdb_idl_table {
    struct hmap_node hmap_node;     /* In idl_db's 'tables_by_name'. */
    const struct ovsdb_table_schema *schema;    /* In the db's schema. */
    struct idl_db *db;
    struct hmap rows;               /* "struct ovsdb_idl_row"s, by uuid. */
    uint8_t *modes;                 /* IDL_* bits, by column index. */
    bool added;                     /* Replicated even without columns. */
    bool track;
    struct osw_list track_list;     /* Tracked rows, by 'track_node'. */
    unsigned int change_seqno;

    /* The monitor request of the current (or last) connection. */
    bool replicated;
    unsigned long *requested;       /* Columns requested. */

    json_t *cond;                   /* NULL: every row. */
    bool cond_pending;              /* Changed since last sent. */
};

/* A database replica: the one the caller wants, or "_Server". */
struct idl_db {
    struct ovsdb_idl *idl;
    struct ovsdb_schema *schema;    /* NULL until known. */
    struct ovsdb_idl_table *tables; /* One per table of 'schema'. */
    size_t n_tables;
    struct hmap tables_by_name;
    json_t *monitor_id;
    unsigned int change_seqno;
    bool changed;                   /* Set by a change; see row_note(). */
};

/* A request to replicate (or not) something, kept until the schema is
 * known. */
enum idl_reg_type {
    IDL_REG_TABLE,
    IDL_REG_COLUMN,
    IDL_REG_ALL_COLUMNS,
    IDL_REG_OMIT,
    IDL_REG_OMIT_ALERT,
    IDL_REG_TRACK,              /* NULL table: every table. */
    IDL_REG_CONDITION
};

struct idl_reg {
    struct osw_list node;       /* In ovsdb_idl's 'regs'. */
    enum idl_reg_type type;
    char *table;
    char *column;
    json_t *cond;
};

enum idl_state {
    IDL_S_DISCONNECTED,             /* No connection handled yet. */
    IDL_S_SERVER_MONITOR_REQUESTED, /* "monitor_cond" on "_Server" sent. */
    IDL_S_SCHEMA_REQUESTED,         /* "get_schema" sent. */
    IDL_S_MONITOR_REQUESTED,        /* Data monitor request sent. */
    IDL_S_MONITORING,               /* In sync. */
    IDL_S_ERROR                     /* Gave up this connection. */
};

/* Monitor methods, best first. */
enum idl_method {
    IDL_M_SINCE,                /* "monitor_cond_since", "update3". */
    IDL_M_COND,                 /* "monitor_cond", "update2". */
    IDL_M_PLAIN                 /* "monitor", "update". */
};

static const char *const idl_method_names[] = {
    "monitor_cond_since", "monitor_cond", "monitor"
};

struct ovsdb_idl {
    char *remote;
    char *db_name;
    struct jsonrpc_session *session;
    unsigned int session_seqno;
    enum idl_state state;
    json_t *request_id;         /* The state's outstanding request. */
    json_t *aware_id;           /* "set_db_change_aware" request. */
    bool more_msgs;             /* Stopped at IDL_MAX_MSGS_PER_RUN. */

    struct idl_db data;
    struct idl_db server;       /* "_Server". */
    bool monitor_everything;
    struct osw_list regs;       /* "struct idl_reg"s, until the schema. */

    /* The current connection. */
    bool have_server_db;        /* "_Server" monitored. */
    struct ovsdb_schema *server_schema;     /* Server's schema of 'data'. */
    char *server_schema_text;   /* From "_Server", or NULL. */
    enum idl_method method;

    /* Resuming with "monitor_cond_since". */
    struct uuid last_id;
    json_t *last_columns;       /* Requested columns of the last monitor. */

    bool ever_synced;
    unsigned int n_full_loads;
    int last_error;
    char *last_error_detail;

    /* Conditions: seqnos of acknowledged, promised and in-flight (sent,
     * acknowledged when the request that carries them is). */
    json_t *cond_request_id;
    unsigned int cond_seqno;
    unsigned int cond_promised;
    unsigned int cond_inflight;

    char *lock_name;
    json_t *lock_request_id;
    bool has_lock;
    bool lock_contended;

    struct ovsdb_idl_txn *txn;      /* Being built. */
    struct osw_list outstanding;    /* Committed, waiting for replies. */
};

/* A row inserted by a transaction. */
struct idl_insert {
    struct hmap_node hmap_node;     /* In txn's 'inserts', by 'temp'. */
    struct uuid temp;               /* The row's uuid in the txn. */
    struct uuid real;               /* From the reply. */
    bool given;                     /* 'temp' was the caller's: no name. */
    bool has_real;
    size_t op_index;                /* SIZE_MAX if not sent. */
};

/* A partial update of a column ("mutate" operation). */
struct idl_mutation {
    struct osw_list node;           /* In the row's 'mutations'. */
    unsigned int column;
    bool insert;                    /* "insert", else "delete". */
    bool keys_only;                 /* A set of keys of a map column. */
    struct ovsdb_datum arg;
};

struct ovsdb_idl_txn {
    struct osw_list node;           /* In idl's 'outstanding'. */
    struct ovsdb_idl *idl;          /* NULL once the IDL is gone. */
    struct osw_list rows;           /* Touched rows, by 'txn_node'. */
    enum ovsdb_idl_txn_status status;
    char *error;
    bool dry_run;
    struct ds comment;
    json_t *request_id;
    size_t n_ops;

    struct hmap inserts;            /* "struct idl_insert"s. */

    bool inc_set;
    const struct ovsdb_idl_table *inc_table;
    struct uuid inc_uuid;
    unsigned int inc_column;
    bool inc_force;
    size_t inc_op_index;            /* SIZE_MAX if not sent. */
    int64_t inc_new_value;
};

static void idl_send_cond_change(struct ovsdb_idl *);
static void idl_txn_process_reply(struct ovsdb_idl_txn *,
                                  const struct jsonrpc_msg *);
static void idl_txn_disassemble(struct ovsdb_idl_txn *);
static void idl_txn_set_error(struct ovsdb_idl_txn *, const char *format,
                              ...) OSW_PRINTF_FORMAT(2, 3);

/* The part of the "_Server" schema the IDL reads (constraints left out:
 * values are not checked against them anyway). */
static const char server_schema_json[] =
    "{\"name\": \"_Server\", \"version\": \"1.1.0\", \"tables\": {"
    " \"Database\": {\"columns\": {"
    "  \"name\": {\"type\": \"string\"},"
    "  \"model\": {\"type\": \"string\"},"
    "  \"connected\": {\"type\": \"boolean\"},"
    "  \"leader\": {\"type\": \"boolean\"},"
    "  \"schema\": {\"type\": {\"key\": \"string\","
    "                         \"min\": 0, \"max\": 1}}}}}}";

/* Tables. */

static struct ovsdb_idl_table *
idl_db_find_table(const struct idl_db *db, const char *name)
{
    struct ovsdb_idl_table *table;

    HMAP_FOR_EACH_WITH_HASH (table, hmap_node, hash_string(name, 0),
                             &db->tables_by_name) {
        if (!strcmp(table->schema->name, name)) {
            return table;
        }
    }
    return NULL;
}

static void
idl_db_init(struct idl_db *db, struct ovsdb_idl *idl, const char *name)
{
    memset(db, 0, sizeof *db);
    db->idl = idl;
    hmap_init(&db->tables_by_name);
    db->monitor_id = json_pack("[ss]", "osw-idl", name);
}

/* Gives 'db' its schema (ownership passes in) and its tables, each column
 * in 'mode'. */
static void
idl_db_set_schema(struct idl_db *db, struct ovsdb_schema *schema,
                  uint8_t mode)
{
    db->schema = schema;
    db->n_tables = schema->n_tables;
    db->tables = xcalloc(MAX(db->n_tables, 1), sizeof *db->tables);
    for (size_t i = 0; i < db->n_tables; i++) {
        struct ovsdb_idl_table *table = &db->tables[i];
        const struct ovsdb_table_schema *ts = schema->tables[i];

        table->schema = ts;
        table->db = db;
        hmap_init(&table->rows);
        table->modes = xzalloc(ts->n_columns);
        for (size_t c = OVSDB_N_STD_COLUMNS; c < ts->n_columns; c++) {
            table->modes[c] = mode;
        }
        osw_list_init(&table->track_list);
        hmap_insert(&db->tables_by_name, &table->hmap_node,
                    hash_string(ts->name, 0));
    }
}

static void row_free(struct ovsdb_idl_row *);

static void
idl_db_destroy(struct idl_db *db)
{
    for (size_t i = 0; i < db->n_tables; i++) {
        struct ovsdb_idl_table *table = &db->tables[i];
        struct ovsdb_idl_row *row;

        OSW_LIST_FOR_EACH_POP (row, track_node, &table->track_list) {
            if (row->deleted) {
                row_free(row);
            }
        }
        HMAP_FOR_EACH_POP (row, hmap_node, &table->rows) {
            row_free(row);
        }
        hmap_destroy(&table->rows);
        free(table->modes);
        free(table->requested);
        json_decref(table->cond);
    }
    free(db->tables);
    hmap_destroy(&db->tables_by_name);
    ovsdb_schema_destroy(db->schema);
    json_decref(db->monitor_id);
}

/* What to replicate. */

static unsigned int idl_set_condition__(struct ovsdb_idl *,
                                        struct ovsdb_idl_table *,
                                        const json_t *condition);

/* Applies one registration to the data tables, which must exist. */
static int
idl_reg_apply(struct ovsdb_idl *idl, enum idl_reg_type type,
              const char *table_name, const char *column_name,
              const json_t *cond)
{
    if (type == IDL_REG_TRACK && !table_name) {
        for (size_t i = 0; i < idl->data.n_tables; i++) {
            idl->data.tables[i].track = true;
        }
        return 0;
    }

    struct ovsdb_idl_table *table = idl_db_find_table(&idl->data,
                                                      table_name);
    if (!table) {
        return ENOENT;
    }

    const struct ovsdb_column *column = NULL;
    if (column_name) {
        column = ovsdb_table_schema_find_column(table->schema, column_name);
        if (!column || column->index < OVSDB_N_STD_COLUMNS) {
            return ENOENT;
        }
    }

    switch (type) {
    case IDL_REG_TABLE:
        table->added = true;
        break;
    case IDL_REG_COLUMN:
        table->modes[column->index] = IDL_MONITOR | IDL_ALERT;
        break;
    case IDL_REG_ALL_COLUMNS:
        for (size_t c = OVSDB_N_STD_COLUMNS; c < table->schema->n_columns;
             c++) {
            table->modes[c] = IDL_MONITOR | IDL_ALERT;
        }
        break;
    case IDL_REG_OMIT:
        table->modes[column->index] = 0;
        break;
    case IDL_REG_OMIT_ALERT:
        table->modes[column->index] = IDL_MONITOR;
        break;
    case IDL_REG_TRACK:
        table->track = true;
        break;
    case IDL_REG_CONDITION:
        idl_set_condition__(idl, table, cond);
        break;
    }
    return 0;
}

/* Applies the registration now if the schema is known, otherwise keeps it
 * for when it is. */
static int
idl_register(struct ovsdb_idl *idl, enum idl_reg_type type,
             const char *table, const char *column, const json_t *cond)
{
    if (idl->data.schema) {
        return idl_reg_apply(idl, type, table, column, cond);
    }

    struct idl_reg *reg = xzalloc(sizeof *reg);
    reg->type = type;
    reg->table = table ? xstrdup(table) : NULL;
    reg->column = column ? xstrdup(column) : NULL;
    reg->cond = cond ? json_deep_copy(cond) : NULL;
    osw_list_push_back(&idl->regs, &reg->node);
    return 0;
}

static void
idl_reg_free(struct idl_reg *reg)
{
    free(reg->table);
    free(reg->column);
    json_decref(reg->cond);
    free(reg);
}

/* Applies the registrations kept while the schema was unknown. */
static void
idl_apply_regs(struct ovsdb_idl *idl)
{
    struct idl_reg *reg;

    OSW_LIST_FOR_EACH_POP (reg, node, &idl->regs) {
        if (idl_reg_apply(idl, reg->type, reg->table, reg->column,
                          reg->cond)) {
            VLOG_WARN("%s: database %s has no %s%s%s to replicate",
                      idl->remote, idl->db_name, reg->table,
                      reg->column ? ":" : "",
                      reg->column ? reg->column : "");
        }
        idl_reg_free(reg);
    }
}

/* Replicates 'table_name' even if none of its columns are. */
int
ovsdb_idl_add_table(struct ovsdb_idl *idl, const char *table_name)
{
    return idl_register(idl, IDL_REG_TABLE, table_name, NULL, NULL);
}

/* Replicates 'column' of 'table', alerting. */
int
ovsdb_idl_add_column(struct ovsdb_idl *idl, const char *table,
                     const char *column)
{
    return idl_register(idl, IDL_REG_COLUMN, table, column, NULL);
}

/* Replicates every column of 'table', alerting. */
int
ovsdb_idl_add_all_columns(struct ovsdb_idl *idl, const char *table)
{
    return idl_register(idl, IDL_REG_ALL_COLUMNS, table, NULL, NULL);
}

/* Stops replicating 'column' of 'table'. */
int
ovsdb_idl_omit(struct ovsdb_idl *idl, const char *table, const char *column)
{
    return idl_register(idl, IDL_REG_OMIT, table, column, NULL);
}

/* Replicates 'column' of 'table' without alerting. */
int
ovsdb_idl_omit_alert(struct ovsdb_idl *idl, const char *table,
                     const char *column)
{
    return idl_register(idl, IDL_REG_OMIT_ALERT, table, column, NULL);
}

/* Keeps the list of changed rows of 'table'. */
int
ovsdb_idl_track_add_table(struct ovsdb_idl *idl, const char *table)
{
    return idl_register(idl, IDL_REG_TRACK, table, NULL, NULL);
}

/* Keeps the list of changed rows of every table. */
void
ovsdb_idl_track_add_all(struct ovsdb_idl *idl)
{
    idl_register(idl, IDL_REG_TRACK, NULL, NULL, NULL);
}

/* Rows. */

static const struct ovsdb_type *
column_type(const struct ovsdb_idl_table *table, size_t c)
{
    return &table->schema->columns[c]->type;
}

/* Creates a row with every column at its default and adds it to
 * 'table'. */
static struct ovsdb_idl_row *
row_create(struct ovsdb_idl_table *table, const struct uuid *uuid)
{
    struct ovsdb_idl_row *row = xzalloc(sizeof *row);
    size_t n = table->schema->n_columns;

    row->uuid = *uuid;
    row->table = table;
    row->datums = xmalloc(n * sizeof *row->datums);
    for (size_t c = 0; c < n; c++) {
        ovsdb_datum_init_default(&row->datums[c], column_type(table, c));
    }
    ovsdb_datum_destroy(&row->datums[OVSDB_COL_UUID],
                        column_type(table, OVSDB_COL_UUID));
    ovsdb_datum_init_uuid(&row->datums[OVSDB_COL_UUID], uuid);
    osw_list_poison(&row->track_node);
    osw_list_poison(&row->txn_node);
    osw_list_init(&row->mutations);
    hmap_insert(&table->rows, &row->hmap_node, uuid_hash(uuid));
    return row;
}

static void
mutation_free(const struct ovsdb_idl_table *table, struct idl_mutation *m)
{
    struct ovsdb_type type = *column_type(table, m->column);

    if (m->keys_only) {
        type.value.type = OVSDB_TYPE_VOID;
    }
    ovsdb_datum_destroy(&m->arg, &type);
    free(m);
}

/* Frees 'row', which is in no table and no list. */
static void
row_free(struct ovsdb_idl_row *row)
{
    const struct ovsdb_idl_table *table = row->table;
    struct idl_mutation *m;

    for (size_t c = 0; c < table->schema->n_columns; c++) {
        ovsdb_datum_destroy(&row->datums[c], column_type(table, c));
    }
    free(row->datums);
    free(row->updated);
    OSW_LIST_FOR_EACH_POP (m, node, &row->mutations) {
        mutation_free(table, m);
    }
    free(row->committed);
    free(row->written);
    free(row->mutated);
    free(row->verified);
    free(row);
}

/* Any row of 'table' with 'uuid', deleted by the building txn or not. */
static struct ovsdb_idl_row *
row_find(const struct ovsdb_idl_table *table, const struct uuid *uuid)
{
    struct ovsdb_idl_row *row;

    HMAP_FOR_EACH_WITH_HASH (row, hmap_node, uuid_hash(uuid), &table->rows) {
        if (uuid_equals(&row->uuid, uuid)) {
            return row;
        }
    }
    return NULL;
}

/* Records that 'row' was inserted, modified or deleted by the update being
 * applied, which will bump the db's seqno to the value given here. */
static void
row_note(struct ovsdb_idl_row *row, enum ovsdb_idl_change kind,
         const unsigned long *changed)
{
    struct ovsdb_idl_table *table = row->table;
    unsigned int seqno = table->db->change_seqno + 1;

    row->change_seqno[kind] = seqno;
    table->change_seqno = seqno;
    table->db->changed = true;
    if (table->track) {
        if (!osw_list_is_linked(&row->track_node)) {
            osw_list_push_back(&table->track_list, &row->track_node);
        }
        bm_or(&row->updated, changed, table->schema->n_columns);
    }
}

/* Removes 'row' from the replica: kept for tracking, or freed. */
static void
row_delete(struct ovsdb_idl_row *row)
{
    struct ovsdb_idl_table *table = row->table;

    hmap_remove(&table->rows, &row->hmap_node);
    row_note(row, OVSDB_IDL_CHANGE_DELETE, NULL);
    if (table->track) {
        row->deleted = true;
    } else {
        row_free(row);
    }
}

/* Moves '*datum' into column 'c' of 'row' if it differs from the value
 * there (destroying it otherwise).  Returns true if the value changed. */
static bool
row_set_column(struct ovsdb_idl_row *row, size_t c, struct ovsdb_datum *datum)
{
    const struct ovsdb_type *type = column_type(row->table, c);

    if (ovsdb_datum_equals(&row->datums[c], datum, type)) {
        ovsdb_datum_destroy(datum, type);
        return false;
    }
    ovsdb_datum_destroy(&row->datums[c], type);
    row->datums[c] = *datum;
    return true;
}

/* Parses 'json', a value of 'column' sent by the server, into 'datum'.
 * Constraints are not checked, except the number of elements (unless
 * 'is_diff': an "update2" diff of a set or map holds the elements that
 * changed, which may be more than the column holds), and a value with a
 * wrong number is replaced by the default (so that callers can rely on
 * it).  Returns false, logging, if 'json' is not a value of the column's
 * type at all. */
static bool
row_parse_value(const struct ovsdb_idl_table *table,
                const struct ovsdb_column *column, const json_t *json,
                bool is_diff, struct ovsdb_datum *datum)
{
    struct ovsdb_idl *idl = table->db->idl;
    struct ovsdb_error *error;

    error = ovsdb_datum_from_json_relaxed(datum, &column->type, json, NULL);
    if (error) {
        char *s = ovsdb_error_to_string_free(error);
        VLOG_WARN_RL(&rl, "%s: bad value for column %s of table %s (%s)",
                     idl->remote, column->name, table->schema->name, s);
        free(s);
        return false;
    }
    if (is_diff) {
        return true;
    }

    error = ovsdb_datum_check_size(datum, &column->type);
    if (error) {
        char *s = ovsdb_error_to_string_free(error);
        VLOG_WARN_RL(&rl, "%s: column %s of table %s: %s; using the "
                     "default value", idl->remote, column->name,
                     table->schema->name, s);
        free(s);
        ovsdb_datum_destroy(datum, &column->type);
        ovsdb_datum_init_default(datum, &column->type);
    }
    return true;
}

/* Returns the column 'name' of 'table' if it is one of the requested
 * columns, else NULL. */
static const struct ovsdb_column *
row_update_column(const struct ovsdb_idl_table *table, const char *name)
{
    const struct ovsdb_column *column;

    column = ovsdb_table_schema_find_column(table->schema, name);
    if (!column || !bm_is_set(table->requested, column->index)) {
        VLOG_DBG_RL(&rl, "%s: ignoring column %s of table %s",
                    table->db->idl->remote, name, table->schema->name);
        return NULL;
    }
    return column;
}

/* Records that column 'c' of 'row' changed. */
static void
row_changed_column(const struct ovsdb_idl_row *row, size_t c,
                   unsigned long **changed, bool *alert)
{
    bm_set1(changed, row->table->schema->n_columns, c);
    if (row->table->modes[c] & IDL_ALERT) {
        *alert = true;
    }
}

/* Sets every column of 'row' from <row> 'values', in which a requested
 * column that is absent has its default value. */
static bool
row_apply_full(struct ovsdb_idl_row *row, const json_t *values,
               unsigned long **changed, bool *alert)
{
    const struct ovsdb_idl_table *table = row->table;

    if (!json_is_object(values)) {
        return false;
    }
    for (size_t c = OVSDB_N_STD_COLUMNS; c < table->schema->n_columns; c++) {
        const struct ovsdb_column *column = table->schema->columns[c];
        struct ovsdb_datum datum;

        const json_t *json = (bm_is_set(table->requested, c)
                              ? json_object_get(values, column->name)
                              : NULL);
        if (json) {
            if (!row_parse_value(table, column, json, false, &datum)) {
                return false;
            }
        } else {
            ovsdb_datum_init_default(&datum, &column->type);
        }
        if (row_set_column(row, c, &datum)) {
            row_changed_column(row, c, changed, alert);
        }
    }
    return true;
}

/* Sets the columns given in <row> 'values' (RFC 7047 "modify"). */
static bool
row_apply_values(struct ovsdb_idl_row *row, const json_t *values,
                 unsigned long **changed, bool *alert)
{
    const char *name;
    const json_t *json;

    if (!json_is_object(values)) {
        return false;
    }
    json_object_foreach (CONST_CAST(json_t *, values), name, json) {
        const struct ovsdb_column *column;
        struct ovsdb_datum datum;

        column = row_update_column(row->table, name);
        if (!column) {
            continue;
        }
        if (!row_parse_value(row->table, column, json, false, &datum)) {
            return false;
        }
        if (row_set_column(row, column->index, &datum)) {
            row_changed_column(row, column->index, changed, alert);
        }
    }
    return true;
}

/* Applies the "modify" <row> of an "update2"/"update3": a column that
 * holds at most one value gets the new value; sets and maps get a diff
 * (ovsdb_datum_apply_diff()). */
static bool
row_apply_diff(struct ovsdb_idl_row *row, const json_t *diffs,
               unsigned long **changed, bool *alert)
{
    const struct ovsdb_idl_table *table = row->table;
    const char *name;
    const json_t *json;

    if (!json_is_object(diffs)) {
        return false;
    }
    json_object_foreach (CONST_CAST(json_t *, diffs), name, json) {
        const struct ovsdb_column *column = row_update_column(table, name);
        struct ovsdb_datum diff, new;

        if (!column) {
            continue;
        }
        if (!row_parse_value(table, column, json, column->type.n_max > 1,
                             &diff)) {
            return false;
        }
        if (column->type.n_max == 1) {
            new = diff;
        } else {
            struct ovsdb_error *error = ovsdb_datum_apply_diff(
                &new, &row->datums[column->index], &diff, &column->type);
            ovsdb_datum_destroy(&diff, &column->type);
            if (error) {
                char *s = ovsdb_error_to_string_free(error);
                VLOG_WARN_RL(&rl, "%s: column %s of table %s: diff does "
                             "not apply to the replica (%s)",
                             table->db->idl->remote, name,
                             table->schema->name, s);
                free(s);
                return false;
            }
        }
        if (row_set_column(row, column->index, &new)) {
            row_changed_column(row, column->index, changed, alert);
        }
    }
    return true;
}

/* How a row update's values apply. */
enum row_apply {
    ROW_FULL,                   /* Every column (insert, initial). */
    ROW_VALUES,                 /* The given columns (RFC 7047 modify). */
    ROW_DIFF                    /* Diffs (update2 modify). */
};

/* Applies 'values' to the row of 'table' with 'uuid', creating it if
 * 'create' (and it does not exist).  Returns false if the update is
 * malformed or does not fit the replica. */
static bool
row_update(struct ovsdb_idl_table *table, const struct uuid *uuid,
           const json_t *values, enum row_apply how, bool create)
{
    struct ovsdb_idl_row *row = row_find(table, uuid);
    unsigned long *changed = NULL;
    bool alert = false;
    bool is_new = false;
    bool ok;

    if (!row) {
        if (!create) {
            VLOG_WARN_RL(&rl, "%s: update modifies row "UUID_FMT" of table "
                         "%s, which is not in the replica",
                         table->db->idl->remote, UUID_ARGS(uuid),
                         table->schema->name);
            return false;
        }
        row = row_create(table, uuid);
        is_new = true;
    }
    row->stale = false;

    ok = (how == ROW_FULL ? row_apply_full(row, values, &changed, &alert)
          : how == ROW_VALUES ? row_apply_values(row, values, &changed,
                                                 &alert)
          : row_apply_diff(row, values, &changed, &alert));
    if (is_new) {
        row_note(row, OVSDB_IDL_CHANGE_INSERT, changed);
    } else if (alert) {
        row_note(row, OVSDB_IDL_CHANGE_MODIFY, changed);
    }
    free(changed);
    return ok;
}

/* Deletes the row of 'table' with 'uuid', which must exist. */
static bool
row_update_delete(struct ovsdb_idl_table *table, const struct uuid *uuid)
{
    struct ovsdb_idl_row *row = row_find(table, uuid);

    if (!row) {
        VLOG_WARN_RL(&rl, "%s: update deletes row "UUID_FMT" of table %s, "
                     "which is not in the replica", table->db->idl->remote,
                     UUID_ARGS(uuid), table->schema->name);
        return false;
    }
    row_delete(row);
    return true;
}

/* Applies a <row-update2>: exactly one of "initial", "insert", "modify",
 * "delete". */
static bool
idl_apply_row_update2(struct ovsdb_idl_table *table, const struct uuid *uuid,
                      const json_t *update)
{
    const char *op;
    const json_t *values;

    if (!json_is_object(update) || json_object_size(update) != 1) {
        return false;
    }
    json_object_foreach (CONST_CAST(json_t *, update), op, values) {
        if (!strcmp(op, "initial") || !strcmp(op, "insert")) {
            return row_update(table, uuid, values, ROW_FULL, true);
        } else if (!strcmp(op, "modify")) {
            return row_update(table, uuid, values, ROW_DIFF, false);
        } else if (!strcmp(op, "delete")) {
            return row_update_delete(table, uuid);
        }
    }
    return false;
}

/* Applies an RFC 7047 <row-update>: "new" alone inserts, "old" alone
 * deletes, both modify. */
static bool
idl_apply_row_update(struct ovsdb_idl_table *table, const struct uuid *uuid,
                     const json_t *update)
{
    const json_t *old = json_object_get(update, "old");
    const json_t *new = json_object_get(update, "new");

    if (!json_is_object(update) || (!old && !new)) {
        return false;
    } else if (!new) {
        return row_update_delete(table, uuid);
    } else if (!old) {
        return row_update(table, uuid, new, ROW_FULL, true);
    } else {
        return row_update(table, uuid, new, ROW_VALUES, false);
    }
}

/* Applies one table's <table-update> or <table-update2>. */
static bool
idl_apply_table_update(struct ovsdb_idl_table *table, const json_t *updates,
                       bool update2)
{
    const char *uuid_string;
    const json_t *update;

    if (!json_is_object(updates)) {
        return false;
    }
    json_object_foreach (CONST_CAST(json_t *, updates), uuid_string,
                         update) {
        struct uuid uuid;

        if (!uuid_from_string(&uuid, uuid_string)) {
            VLOG_WARN_RL(&rl, "%s: table %s: \"%s\" is not a uuid",
                         table->db->idl->remote, table->schema->name,
                         uuid_string);
            return false;
        }
        if (!(update2 ? idl_apply_row_update2(table, &uuid, update)
              : idl_apply_row_update(table, &uuid, update))) {
            return false;
        }
    }
    return true;
}

static void
idl_db_mark_stale(struct idl_db *db, bool stale)
{
    for (size_t i = 0; i < db->n_tables; i++) {
        struct ovsdb_idl_row *row;

        HMAP_FOR_EACH (row, hmap_node, &db->tables[i].rows) {
            row->stale = stale;
        }
    }
}

static void
idl_db_delete_stale(struct idl_db *db)
{
    for (size_t i = 0; i < db->n_tables; i++) {
        struct ovsdb_idl_row *row;

        HMAP_FOR_EACH_SAFE (row, hmap_node, &db->tables[i].rows) {
            if (row->stale) {
                row_delete(row);
            }
        }
    }
}

static bool
idl_apply_updates__(struct idl_db *db, const json_t *updates, bool update2)
{
    const char *table_name;
    const json_t *table_updates;

    if (!json_is_object(updates)) {
        return false;
    }
    json_object_foreach (CONST_CAST(json_t *, updates), table_name,
                         table_updates) {
        struct ovsdb_idl_table *table = idl_db_find_table(db, table_name);

        if (!table || !table->replicated) {
            VLOG_WARN_RL(&rl, "%s: update for table %s, which is not "
                         "replicated", db->idl->remote, table_name);
            continue;
        }
        if (!idl_apply_table_update(table, table_updates, update2)) {
            return false;
        }
    }
    return true;
}

/* Applies <table-updates> (or, with 'update2', <table-updates2>)
 * 'updates' to 'db'.  With 'full', 'updates' is the complete contents of
 * the replicated tables: rows it does not mention are deleted.  The db's
 * seqno advances if something changed (db->changed tells).  Returns false
 * if 'updates' is malformed or does not fit the replica (logged); the
 * replica may then be partly updated and must be reloaded. */
static bool
idl_apply_updates(struct idl_db *db, const json_t *updates, bool update2,
                  bool full)
{
    bool ok;

    db->changed = false;
    if (full) {
        idl_db_mark_stale(db, true);
    }
    ok = idl_apply_updates__(db, updates, update2);
    if (full) {
        if (ok) {
            idl_db_delete_stale(db);
        } else {
            idl_db_mark_stale(db, false);
        }
    }
    if (db->changed) {
        db->change_seqno++;
    }
    return ok;
}

/* The connection. */

static bool
idl_is_unknown_method(const json_t *error)
{
    const char *s = json_string_value(error);

    if (!s && json_is_object(error)) {
        s = json_string_value(json_object_get(error, "error"));
    }
    return s && !strcmp(s, "unknown method");
}

/* True if 'error', a JSON-RPC error, has the RFC 7047 tag 'tag'. */
static bool
idl_error_has_tag(const json_t *error, const char *tag)
{
    const char *s = (json_is_object(error)
                     ? json_string_value(json_object_get(error, "error"))
                     : json_string_value(error));
    return s && !strcmp(s, tag);
}

/* Returns the text of a JSON-RPC error, "tag: details" for an RFC 7047
 * error object.  The caller frees it. */
static char *
idl_error_text(const json_t *error)
{
    if (json_is_string(error)) {
        return xstrdup(json_string_value(error));
    } else if (json_is_object(error)) {
        const char *tag = json_string_value(json_object_get(error, "error"));
        const char *details = json_string_value(json_object_get(error,
                                                                "details"));
        if (tag) {
            return details ? xasprintf("%s: %s", tag, details) : xstrdup(tag);
        }
    }
    return ovsdb_json_to_text(error, 256);
}

/* Sends request 'method' with 'params' (ownership passes in), storing its
 * id in '*idp' (replacing any id there).  A failure to send shows up as a
 * lost connection. */
static void
idl_send_request(struct ovsdb_idl *idl, const char *method, json_t *params,
                 json_t **idp)
{
    json_decref(*idp);
    *idp = NULL;
    jsonrpc_session_send(idl->session,
                         jsonrpc_create_request(method, params, idp));
}

/* If '*idp' is 'id', forgets it and returns true. */
static bool
idl_take_id(json_t **idp, const json_t *id)
{
    if (*idp && id && json_equal(*idp, CONST_CAST(json_t *, id))) {
        json_decref(*idp);
        *idp = NULL;
        return true;
    }
    return false;
}

/* Gives up on the current connection: records 'error' and the message,
 * logs it and reconnects (with backoff). */
static void OSW_PRINTF_FORMAT(3, 4)
idl_fail(struct ovsdb_idl *idl, int error, const char *format, ...)
{
    va_list args;

    va_start(args, format);
    free(idl->last_error_detail);
    idl->last_error_detail = xvasprintf(format, args);
    va_end(args);

    idl->last_error = error;
    VLOG_WARN_RL(&rl, "%s: %s", idl->remote, idl->last_error_detail);
    idl->state = IDL_S_ERROR;
    jsonrpc_session_force_reconnect(idl->session);
}

/* The replica may no longer match the server: reconnect and reload it in
 * full. */
static void
idl_resync(struct ovsdb_idl *idl, const char *reason)
{
    uuid_zero(&idl->last_id);
    idl_fail(idl, EPROTO, "%s; reconnecting to reload the replica", reason);
}

/* Reconnects without an error: the server's view of the database changed
 * in a way that needs a fresh start. */
static void
idl_restart(struct ovsdb_idl *idl, const char *reason)
{
    VLOG_INFO("%s: %s; reconnecting", idl->remote, reason);
    uuid_zero(&idl->last_id);
    idl->state = IDL_S_ERROR;
    jsonrpc_session_force_reconnect(idl->session);
}

static json_t *
idl_where_name(const char *name)
{
    json_t *clause = json_array();

    json_array_append_new(clause, json_string("name"));
    json_array_append_new(clause, json_string("=="));
    json_array_append_new(clause, ovsdb_json_string(name));
    return json_pack("[o]", clause);
}

static void
idl_send_server_monitor(struct ovsdb_idl *idl)
{
    const struct ovsdb_idl_table *table = &idl->server.tables[0];
    json_t *columns = json_array();

    for (size_t c = OVSDB_N_STD_COLUMNS; c < table->schema->n_columns; c++) {
        json_array_append_new(columns,
                              json_string(table->schema->columns[c]->name));
    }
    json_t *request = json_pack("{s:o, s:o}", "columns", columns,
                                "where", idl_where_name(idl->db_name));
    json_t *params = json_pack("[sO{s:[o]}]", "_Server",
                               idl->server.monitor_id,
                               table->schema->name, request);
    idl_send_request(idl, "monitor_cond", params, &idl->request_id);
    idl->state = IDL_S_SERVER_MONITOR_REQUESTED;
}

static void
idl_send_get_schema(struct ovsdb_idl *idl)
{
    idl_send_request(idl, "get_schema",
                     json_pack("[o]", ovsdb_json_string(idl->db_name)),
                     &idl->request_id);
    idl->state = IDL_S_SCHEMA_REQUESTED;
}

/* The "_Server" row of our database, or NULL. */
static const struct ovsdb_idl_row *
idl_server_row(const struct ovsdb_idl *idl)
{
    const struct ovsdb_idl_row *row;

    HMAP_FOR_EACH (row, hmap_node, &idl->server.tables[0].rows) {
        if (!strcmp(ovsdb_idl_get_string(row, "name", ""), idl->db_name)) {
            return row;
        }
    }
    return NULL;
}

/* Returns true if the "_Server" row 'row' says our database can be used;
 * otherwise fails the connection. */
static bool
idl_check_server_row(struct ovsdb_idl *idl, const struct ovsdb_idl_row *row)
{
    if (!row) {
        idl_fail(idl, ENOENT, "database %s not found on server",
                 idl->db_name);
        return false;
    }
    if (!strcmp(ovsdb_idl_get_string(row, "model", ""), "clustered")
        && !ovsdb_idl_get_bool(row, "connected", false)) {
        idl_fail(idl, ENOTCONN, "database %s: server is not connected to "
                 "its cluster", idl->db_name);
        return false;
    }
    return true;
}

static bool
idl_same_atomic_types(const struct ovsdb_type *a, const struct ovsdb_type *b)
{
    return a->key.type == b->key.type && a->value.type == b->value.type;
}

/* Decides what the monitor request asks for: the tables and columns the
 * caller wants that the server's schema has (with the same atomic
 * types). */
static void
idl_compute_requests(struct ovsdb_idl *idl)
{
    for (size_t i = 0; i < idl->data.n_tables; i++) {
        struct ovsdb_idl_table *table = &idl->data.tables[i];
        const struct ovsdb_table_schema *ts = table->schema;
        const struct ovsdb_table_schema *server_ts;
        bool wanted = table->added;

        free(table->requested);
        table->requested = NULL;
        table->replicated = false;
        for (size_t c = OVSDB_N_STD_COLUMNS; c < ts->n_columns; c++) {
            wanted |= (table->modes[c] & IDL_MONITOR) != 0;
        }
        if (!wanted) {
            continue;
        }

        server_ts = ovsdb_schema_find_table(idl->server_schema, ts->name);
        if (!server_ts) {
            VLOG_WARN_RL(&rl, "%s: server's database %s has no table %s: "
                         "not replicated", idl->remote, idl->db_name,
                         ts->name);
            continue;
        }
        table->replicated = true;
        table->requested = bm_alloc(ts->n_columns);
        for (size_t c = OVSDB_N_STD_COLUMNS; c < ts->n_columns; c++) {
            const struct ovsdb_column *column = ts->columns[c];
            const struct ovsdb_column *server_column;

            if (!(table->modes[c] & IDL_MONITOR)) {
                continue;
            }
            server_column = ovsdb_table_schema_find_column(server_ts,
                                                           column->name);
            if (!server_column
                || !idl_same_atomic_types(&column->type,
                                          &server_column->type)) {
                VLOG_WARN_RL(&rl, "%s: %s column %s:%s in the server's "
                             "schema: not replicated", idl->remote,
                             server_column ? "different type for" : "no",
                             ts->name, column->name);
                continue;
            }
            bm_set1(&table->requested, ts->n_columns, c);
        }
    }
}

/* Returns {table: [column...]} for the monitor request: what the replica
 * holds once it is answered. */
static json_t *
idl_requested_columns(const struct ovsdb_idl *idl)
{
    json_t *tables = json_object();

    for (size_t i = 0; i < idl->data.n_tables; i++) {
        const struct ovsdb_idl_table *table = &idl->data.tables[i];

        if (table->replicated) {
            json_t *columns = json_array();

            for (size_t c = 0; c < table->schema->n_columns; c++) {
                if (bm_is_set(table->requested, c)) {
                    json_array_append_new(
                        columns, json_string(table->schema->columns[c]->name));
                }
            }
            json_object_set_new(tables, table->schema->name, columns);
        }
    }
    return tables;
}

/* Returns the <monitor-requests> for the current method. */
static json_t *
idl_monitor_requests(const struct ovsdb_idl *idl, const json_t *columns)
{
    json_t *requests = json_object();
    const char *name;
    json_t *table_columns;

    json_object_foreach (CONST_CAST(json_t *, columns), name,
                         table_columns) {
        const struct ovsdb_idl_table *table;
        json_t *request;

        table = idl_db_find_table(&idl->data, name);
        request = json_pack("{s:O}", "columns", table_columns);
        if (idl->method != IDL_M_PLAIN && table->cond) {
            json_object_set(request, "where", table->cond);
        }
        json_object_set_new(requests, name,
                            (idl->method == IDL_M_PLAIN ? request
                             : json_pack("[o]", request)));
    }
    return requests;
}

/* Sends the data monitor request with the current method. */
static void
idl_send_monitor(struct ovsdb_idl *idl)
{
    json_t *columns, *params;

    idl_compute_requests(idl);
    columns = idl_requested_columns(idl);
    if (!idl->last_columns || !json_equal(columns, idl->last_columns)) {
        /* The replica would miss the values of new columns. */
        uuid_zero(&idl->last_id);
    }
    json_decref(idl->last_columns);
    idl->last_columns = columns;

    params = json_pack("[oOo]", ovsdb_json_string(idl->db_name),
                       idl->data.monitor_id,
                       idl_monitor_requests(idl, columns));
    if (idl->method == IDL_M_SINCE) {
        char id[UUID_LEN + 1];

        uuid_to_string(&idl->last_id, id);
        json_array_append_new(params, json_string(id));
    }

    for (size_t i = 0; i < idl->data.n_tables; i++) {
        idl->data.tables[i].cond_pending = false;
    }
    idl->cond_inflight = idl->cond_promised;

    idl_send_request(idl, idl_method_names[idl->method], params,
                     &idl->request_id);
    idl->state = IDL_S_MONITOR_REQUESTED;
}

/* Adopts the server's schema of the database, 'json' ('text' is its text
 * from "_Server", or NULL), and asks for the data. */
static void
idl_use_schema(struct ovsdb_idl *idl, const json_t *json, const char *text)
{
    struct ovsdb_schema *schema;
    struct ovsdb_error *error;

    error = ovsdb_schema_from_json(json, &schema);
    if (error) {
        char *s = ovsdb_error_to_string_free(error);
        idl_fail(idl, EPROTO, "server's schema of database %s is invalid "
                 "(%s)", idl->db_name, s);
        free(s);
        return;
    }

    ovsdb_schema_destroy(idl->server_schema);
    idl->server_schema = schema;
    free(idl->server_schema_text);
    idl->server_schema_text = text ? xstrdup(text) : NULL;
    if (!idl->data.schema) {
        idl_db_set_schema(&idl->data, ovsdb_schema_clone(schema),
                          (idl->monitor_everything
                           ? IDL_MONITOR | IDL_ALERT : 0));
        idl_apply_regs(idl);
    }

    idl->method = IDL_M_SINCE;
    idl_send_monitor(idl);
}

static void
idl_handle_server_monitor_reply(struct ovsdb_idl *idl,
                                const struct jsonrpc_msg *msg)
{
    const struct ovsdb_idl_row *row;
    const char *text;
    json_error_t jerror;
    json_t *json;

    if (msg->type == JSONRPC_ERROR) {
        /* Older servers: no "_Server" or no "monitor_cond". */
        VLOG_DBG("%s: server has no _Server database", idl->remote);
        idl_send_get_schema(idl);
        return;
    }
    if (!idl_apply_updates(&idl->server, msg->result, true, true)) {
        idl_resync(idl, "malformed _Server monitor reply");
        return;
    }
    idl->have_server_db = true;
    idl_send_request(idl, "set_db_change_aware", json_pack("[b]", 1),
                     &idl->aware_id);

    row = idl_server_row(idl);
    if (!idl_check_server_row(idl, row)) {
        return;
    }
    text = ovsdb_idl_get_string(row, "schema", "");
    if (!*text) {
        idl_send_get_schema(idl);
        return;
    }
    json = json_loads(text, JSON_DECODE_ANY, &jerror);
    if (!json) {
        idl_fail(idl, EPROTO, "_Server: schema of database %s is not JSON "
                 "(%s)", idl->db_name, jerror.text);
        return;
    }
    idl_use_schema(idl, json, text);
    json_decref(json);
}

static void
idl_handle_schema_reply(struct ovsdb_idl *idl, const struct jsonrpc_msg *msg)
{
    if (msg->type == JSONRPC_ERROR) {
        char *s = idl_error_text(msg->error);
        idl_fail(idl, (idl_error_has_tag(msg->error, "unknown database")
                       ? ENOENT : EPROTO), "get_schema: %s", s);
        free(s);
    } else {
        idl_use_schema(idl, msg->result, NULL);
    }
}

/* Applies the result of a monitor request.  Returns false if it is
 * malformed.  Sets '*full' to false if the server resumed from
 * 'last_id'. */
static bool
idl_apply_monitor_result(struct ovsdb_idl *idl, const json_t *result,
                         bool *full)
{
    *full = true;
    if (idl->method == IDL_M_SINCE) {
        const json_t *found = json_array_get(result, 0);
        const char *id = json_string_value(json_array_get(result, 1));
        struct uuid last_id;

        if (!json_is_array(result) || json_array_size(result) != 3
            || !json_is_boolean(found) || !id
            || !uuid_from_string(&last_id, id)) {
            return false;
        }
        *full = !json_is_true(found);
        if (!idl_apply_updates(&idl->data, json_array_get(result, 2), true,
                               *full)) {
            return false;
        }
        idl->last_id = last_id;
        return true;
    }
    return idl_apply_updates(&idl->data, result, idl->method == IDL_M_COND,
                             true);
}

static void
idl_handle_monitor_reply(struct ovsdb_idl *idl, const struct jsonrpc_msg *msg)
{
    const char *method = idl_method_names[idl->method];
    bool full;

    if (msg->type == JSONRPC_ERROR) {
        if (idl->method != IDL_M_PLAIN && idl_is_unknown_method(msg->error)) {
            VLOG_DBG("%s: server does not know %s", idl->remote, method);
            idl->method++;
            idl_send_monitor(idl);
        } else {
            char *s = idl_error_text(msg->error);
            idl_fail(idl, EPROTO, "%s request for database %s failed: %s",
                     method, idl->db_name, s);
            free(s);
        }
        return;
    }

    if (!idl_apply_monitor_result(idl, msg->result, &full)) {
        idl_resync(idl, "malformed monitor reply");
        return;
    }
    if (full) {
        idl->n_full_loads++;
    }
    if (!idl->ever_synced) {
        idl->ever_synced = true;
        if (!idl->data.changed) {
            idl->data.change_seqno++;
        }
    }
    VLOG_INFO("%s: replicating database %s with %s (%s)", idl->remote,
              idl->db_name, method, full ? "full load" : "resumed");
    idl->state = IDL_S_MONITORING;
    idl->last_error = 0;
    free(idl->last_error_detail);
    idl->last_error_detail = NULL;
    idl->cond_seqno = idl->cond_inflight;
    idl_send_cond_change(idl);
}

/* After a change to "_Server": reconnects if our database went away, lost
 * its cluster or changed its schema. */
static void
idl_server_changed(struct ovsdb_idl *idl)
{
    const struct ovsdb_idl_row *row = idl_server_row(idl);
    const char *text;

    if (!idl_check_server_row(idl, row)) {
        return;
    }
    text = ovsdb_idl_get_string(row, "schema", "");
    if (idl->server_schema_text && *text
        && strcmp(text, idl->server_schema_text)) {
        idl_restart(idl, "database schema changed");
    }
}

/* "update", "update2", "update3" notifications. */
static void
idl_handle_update(struct ovsdb_idl *idl, const struct jsonrpc_msg *msg)
{
    bool v3 = !strcmp(msg->method, "update3");
    bool v2 = v3 || !strcmp(msg->method, "update2");
    size_t n_params = v3 ? 3 : 2;
    const json_t *params = msg->params;
    const json_t *id;
    struct uuid last_id;
    struct idl_db *db;

    if (json_array_size(params) != n_params) {
        idl_resync(idl, "malformed update notification");
        return;
    }
    id = json_array_get(params, 0);
    if (json_equal(CONST_CAST(json_t *, id), idl->data.monitor_id)
        && idl->state == IDL_S_MONITORING) {
        db = &idl->data;
    } else if (json_equal(CONST_CAST(json_t *, id), idl->server.monitor_id)
               && idl->have_server_db) {
        db = &idl->server;
    } else {
        VLOG_DBG_RL(&rl, "%s: ignoring %s for an unknown monitor",
                    idl->remote, msg->method);
        return;
    }

    if (v3 && !uuid_from_string(&last_id, json_string_value(
                                    json_array_get(params, 1)) ?: "")) {
        idl_resync(idl, "malformed update3 notification");
        return;
    }
    if (!idl_apply_updates(db, json_array_get(params, n_params - 1), v2,
                           false)) {
        idl_resync(idl, "malformed or inconsistent update");
        return;
    }
    if (db == &idl->server) {
        idl_server_changed(idl);
    } else if (v3) {
        idl->last_id = last_id;
    }
}

/* Conditions. */

/* Sends the conditions changed since last sent, if the monitor is in place
 * and no change is in flight. */
static void
idl_send_cond_change(struct ovsdb_idl *idl)
{
    json_t *requests, *params;

    if (idl->state != IDL_S_MONITORING || idl->cond_request_id) {
        return;
    }

    requests = json_object();
    for (size_t i = 0; i < idl->data.n_tables; i++) {
        struct ovsdb_idl_table *table = &idl->data.tables[i];

        if (table->cond_pending) {
            table->cond_pending = false;
            if (table->replicated) {
                json_t *where = (table->cond ? json_incref(table->cond)
                                 : json_pack("[b]", 1));
                json_object_set_new(requests, table->schema->name,
                                    json_pack("[{s:o}]", "where", where));
            }
        }
    }
    if (idl->method == IDL_M_PLAIN || !json_object_size(requests)) {
        /* Nothing the server could apply. */
        json_decref(requests);
        idl->cond_seqno = idl->cond_promised;
        return;
    }

    params = json_pack("[OOo]", idl->data.monitor_id, idl->data.monitor_id,
                       requests);
    idl->cond_inflight = idl->cond_promised;
    idl_send_request(idl, "monitor_cond_change", params,
                     &idl->cond_request_id);
}

static void
idl_handle_cond_reply(struct ovsdb_idl *idl, const struct jsonrpc_msg *msg)
{
    if (msg->type == JSONRPC_ERROR) {
        char *s = idl_error_text(msg->error);
        /* The next connection's monitor request carries the conditions. */
        idl_fail(idl, EPROTO, "monitor_cond_change failed: %s", s);
        free(s);
        return;
    }
    idl->cond_seqno = idl->cond_inflight;
    idl_send_cond_change(idl);
}

static unsigned int
idl_set_condition__(struct ovsdb_idl *idl, struct ovsdb_idl_table *table,
                    const json_t *condition)
{
    json_t *cond = (json_array_size(condition)
                    ? json_deep_copy(condition) : NULL);
    bool in_flight = (idl->cond_request_id
                      || idl->state == IDL_S_MONITOR_REQUESTED);

    if (cond ? table->cond && json_equal(cond, table->cond) : !table->cond) {
        json_decref(cond);
        return idl->cond_promised;
    }
    json_decref(table->cond);
    table->cond = cond;
    table->cond_pending = true;
    idl->cond_promised = MAX(idl->cond_promised,
                             (in_flight ? idl->cond_inflight
                              : idl->cond_seqno) + 1);
    idl_send_cond_change(idl);
    return idl->cond_promised;
}

/* Replicates only the rows of 'table_name' that match 'condition'. */
unsigned int
ovsdb_idl_set_condition(struct ovsdb_idl *idl, const char *table_name,
                        const json_t *condition)
{
    if (condition && !json_is_array(condition)) {
        return 0;
    }
    if (!idl->data.schema) {
        /* Promise the seqno of the first monitor request. */
        idl_register(idl, IDL_REG_CONDITION, table_name, NULL, condition);
        idl->cond_promised = MAX(idl->cond_promised, idl->cond_seqno + 1);
        return idl->cond_promised;
    }

    struct ovsdb_idl_table *table = idl_db_find_table(&idl->data,
                                                      table_name);
    return table ? idl_set_condition__(idl, table, condition) : 0;
}

/* Counts the condition changes the server acknowledged. */
unsigned int
ovsdb_idl_get_condition_seqno(const struct ovsdb_idl *idl)
{
    return idl->cond_seqno;
}

/* Locks. */

static void
idl_set_has_lock(struct ovsdb_idl *idl, bool has_lock)
{
    if (has_lock != idl->has_lock) {
        idl->has_lock = has_lock;
        idl->data.change_seqno++;
    }
}

static void
idl_send_lock(struct ovsdb_idl *idl, const char *method)
{
    idl_send_request(idl, method,
                     json_pack("[o]", ovsdb_json_string(idl->lock_name)),
                     &idl->lock_request_id);
}

static void
idl_handle_lock_reply(struct ovsdb_idl *idl, const struct jsonrpc_msg *msg)
{
    if (msg->type == JSONRPC_REPLY) {
        bool locked = json_is_true(json_object_get(msg->result, "locked"));

        idl_set_has_lock(idl, locked);
        idl->lock_contended = !locked;
    } else {
        char *s = idl_error_text(msg->error);
        VLOG_WARN_RL(&rl, "%s: lock request failed: %s", idl->remote, s);
        free(s);
    }
}

/* "locked" and "stolen" notifications. */
static void
idl_handle_lock_notify(struct ovsdb_idl *idl, const struct jsonrpc_msg *msg)
{
    const char *name = json_string_value(json_array_get(msg->params, 0));

    if (!idl->lock_name || !name || strcmp(name, idl->lock_name)) {
        return;
    }
    if (!strcmp(msg->method, "locked")) {
        idl_set_has_lock(idl, true);
        idl->lock_contended = false;
    } else {
        idl_set_has_lock(idl, false);
        idl->lock_contended = true;
    }
}

/* Asks for lock 'name' (NULL: none). */
void
ovsdb_idl_set_lock(struct ovsdb_idl *idl, const char *name)
{
    bool connected = (idl->state != IDL_S_DISCONNECTED
                      && jsonrpc_session_is_connected(idl->session));

    if (idl->lock_name && (!name || strcmp(name, idl->lock_name))) {
        if (connected) {
            /* Its reply is dropped with the request id below. */
            idl_send_lock(idl, "unlock");
        }
        json_decref(idl->lock_request_id);
        idl->lock_request_id = NULL;
        free(idl->lock_name);
        idl->lock_name = NULL;
        idl_set_has_lock(idl, false);
        idl->lock_contended = false;
    }
    if (name && !idl->lock_name) {
        idl->lock_name = xstrdup(name);
        if (connected) {
            idl_send_lock(idl, "lock");
        }
    }
}

/* True if the server granted the lock. */
bool
ovsdb_idl_has_lock(const struct ovsdb_idl *idl)
{
    return idl->has_lock;
}

/* True if another client holds the lock we asked for. */
bool
ovsdb_idl_is_lock_contended(const struct ovsdb_idl *idl)
{
    return idl->lock_contended;
}

/* The lock asked for, or NULL. */
const char *
ovsdb_idl_get_lock_name(const struct ovsdb_idl *idl)
{
    return idl->lock_name;
}

/* Messages. */

static void
idl_handle_state_reply(struct ovsdb_idl *idl, const struct jsonrpc_msg *msg)
{
    switch (idl->state) {
    case IDL_S_SERVER_MONITOR_REQUESTED:
        idl_handle_server_monitor_reply(idl, msg);
        break;
    case IDL_S_SCHEMA_REQUESTED:
        idl_handle_schema_reply(idl, msg);
        break;
    case IDL_S_MONITOR_REQUESTED:
        idl_handle_monitor_reply(idl, msg);
        break;
    case IDL_S_DISCONNECTED:
    case IDL_S_MONITORING:
    case IDL_S_ERROR:
        break;
    }
}

static void
idl_handle_reply(struct ovsdb_idl *idl, const struct jsonrpc_msg *msg)
{
    struct ovsdb_idl_txn *txn;

    if (idl_take_id(&idl->request_id, msg->id)) {
        idl_handle_state_reply(idl, msg);
    } else if (idl_take_id(&idl->cond_request_id, msg->id)) {
        idl_handle_cond_reply(idl, msg);
    } else if (idl_take_id(&idl->lock_request_id, msg->id)) {
        idl_handle_lock_reply(idl, msg);
    } else if (idl_take_id(&idl->aware_id, msg->id)) {
        /* Nothing to do: an old server just does not know it. */
    } else {
        OSW_LIST_FOR_EACH (txn, node, &idl->outstanding) {
            if (idl_take_id(&txn->request_id, msg->id)) {
                idl_txn_process_reply(txn, msg);
                return;
            }
        }
        VLOG_DBG_RL(&rl, "%s: ignoring a reply to an unknown request",
                    idl->remote);
    }
}

static void
idl_handle_notify(struct ovsdb_idl *idl, const struct jsonrpc_msg *msg)
{
    const char *method = msg->method;

    if (!strcmp(method, "update") || !strcmp(method, "update2")
        || !strcmp(method, "update3")) {
        idl_handle_update(idl, msg);
    } else if (!strcmp(method, "locked") || !strcmp(method, "stolen")) {
        idl_handle_lock_notify(idl, msg);
    } else if (!strcmp(method, "monitor_canceled")) {
        const json_t *id = json_array_get(msg->params, 0);

        if (json_equal(CONST_CAST(json_t *, id), idl->data.monitor_id)
            || json_equal(CONST_CAST(json_t *, id), idl->server.monitor_id)) {
            idl_restart(idl, "server canceled the monitor");
        }
    } else {
        VLOG_DBG_RL(&rl, "%s: ignoring notification \"%s\"", idl->remote,
                    method);
    }
}

static void
idl_process_msg(struct ovsdb_idl *idl, const struct jsonrpc_msg *msg)
{
    switch (msg->type) {
    case JSONRPC_NOTIFY:
        idl_handle_notify(idl, msg);
        break;
    case JSONRPC_REPLY:
    case JSONRPC_ERROR:
        idl_handle_reply(idl, msg);
        break;
    case JSONRPC_REQUEST:
        jsonrpc_session_send(idl->session, jsonrpc_create_error(
                                 json_string("unknown method"), msg->id));
        break;
    }
}

static void
idl_connection_lost(struct ovsdb_idl *idl)
{
    struct ovsdb_idl_txn *txn;

    idl->state = IDL_S_DISCONNECTED;
    json_decref(idl->request_id);
    json_decref(idl->aware_id);
    json_decref(idl->cond_request_id);
    json_decref(idl->lock_request_id);
    idl->request_id = idl->aware_id = NULL;
    idl->cond_request_id = idl->lock_request_id = NULL;
    idl->have_server_db = false;
    idl_set_has_lock(idl, false);
    idl->lock_contended = false;

    /* They may or may not have been committed: the caller recomputes. */
    OSW_LIST_FOR_EACH_POP (txn, node, &idl->outstanding) {
        txn->status = OVSDB_IDL_TXN_TRY_AGAIN;
    }
}

static void
idl_connection_started(struct ovsdb_idl *idl)
{
    if (idl->cond_seqno != idl->cond_promised) {
        /* The server might not have applied a condition that the data
         * since 'last_id' depend on. */
        uuid_zero(&idl->last_id);
    }
    idl->session_seqno = jsonrpc_session_get_seqno(idl->session);
    if (!strcmp(idl->db_name, "_Server")) {
        idl_send_get_schema(idl);
    } else {
        idl_send_server_monitor(idl);
    }
    if (idl->lock_name) {
        idl_send_lock(idl, "lock");
    }
}

/* Life cycle. */

/* Creates an IDL for 'db_name' on 'remote'. */
struct ovsdb_idl *
ovsdb_idl_create(const char *remote, const char *db_name,
                 const struct ovsdb_schema *schema, bool monitor_everything,
                 bool retry)
{
    struct ovsdb_idl *idl = xzalloc(sizeof *idl);
    struct ovsdb_schema *server_schema;
    json_t *json;

    idl->remote = xstrdup(remote);
    idl->db_name = xstrdup(db_name);
    idl->session = jsonrpc_session_open(remote, retry);
    idl->monitor_everything = monitor_everything;
    osw_list_init(&idl->regs);
    osw_list_init(&idl->outstanding);

    idl_db_init(&idl->server, idl, "_Server");
    json = json_loads(server_schema_json, 0, NULL);
    ovsdb_error_assert(ovsdb_schema_from_json(json, &server_schema));
    json_decref(json);
    idl_db_set_schema(&idl->server, server_schema, IDL_MONITOR);
    for (size_t i = 0; i < idl->server.n_tables; i++) {
        struct ovsdb_idl_table *table = &idl->server.tables[i];

        table->replicated = true;
        for (size_t c = OVSDB_N_STD_COLUMNS; c < table->schema->n_columns;
             c++) {
            bm_set1(&table->requested, table->schema->n_columns, c);
        }
    }

    idl_db_init(&idl->data, idl, db_name);
    if (schema) {
        idl_db_set_schema(&idl->data, ovsdb_schema_clone(schema),
                          monitor_everything ? IDL_MONITOR | IDL_ALERT : 0);
    }
    return idl;
}

/* Frees 'idl'. */
void
ovsdb_idl_destroy(struct ovsdb_idl *idl)
{
    struct ovsdb_idl_txn *txn;
    struct idl_reg *reg;

    if (!idl) {
        return;
    }
    if (idl->txn) {
        txn = idl->txn;
        idl_txn_disassemble(txn);
        idl_txn_set_error(txn, "IDL destroyed");
        txn->status = OVSDB_IDL_TXN_ERROR;
        txn->idl = NULL;
        idl->txn = NULL;
    }
    OSW_LIST_FOR_EACH_POP (txn, node, &idl->outstanding) {
        idl_txn_set_error(txn, "IDL destroyed");
        txn->status = OVSDB_IDL_TXN_ERROR;
        txn->idl = NULL;
    }
    OSW_LIST_FOR_EACH_POP (reg, node, &idl->regs) {
        idl_reg_free(reg);
    }

    jsonrpc_session_close(idl->session);
    idl_db_destroy(&idl->data);
    idl_db_destroy(&idl->server);
    ovsdb_schema_destroy(idl->server_schema);
    free(idl->server_schema_text);
    json_decref(idl->last_columns);
    json_decref(idl->request_id);
    json_decref(idl->aware_id);
    json_decref(idl->cond_request_id);
    json_decref(idl->lock_request_id);
    free(idl->last_error_detail);
    free(idl->lock_name);
    free(idl->remote);
    free(idl->db_name);
    free(idl);
}

/* Does the work that can be done now. */
void
ovsdb_idl_run(struct ovsdb_idl *idl)
{
    unsigned int seqno;
    bool connected;

    jsonrpc_session_run(idl->session);
    connected = jsonrpc_session_is_connected(idl->session);
    seqno = jsonrpc_session_get_seqno(idl->session);
    if (idl->state != IDL_S_DISCONNECTED
        && (!connected || seqno != idl->session_seqno)) {
        idl_connection_lost(idl);
    }
    if (connected && idl->state == IDL_S_DISCONNECTED) {
        idl_connection_started(idl);
    }

    idl->more_msgs = false;
    if (idl->txn) {
        /* The replica must not change under the transaction. */
        return;
    }
    for (int i = 0; i < IDL_MAX_MSGS_PER_RUN; i++) {
        struct jsonrpc_msg *msg;

        if (idl->state == IDL_S_ERROR) {
            /* The rest belongs to a connection we are dropping. */
            return;
        }
        msg = jsonrpc_session_recv(idl->session);
        if (!msg) {
            return;
        }
        idl_process_msg(idl, msg);
        jsonrpc_msg_destroy(msg);
    }
    idl->more_msgs = true;
}

/* Arranges for poll_block() to wake when there is work. */
void
ovsdb_idl_wait(struct ovsdb_idl *idl)
{
    jsonrpc_session_wait(idl->session);
    if (!idl->txn) {
        jsonrpc_session_recv_wait(idl->session);
        if (idl->more_msgs) {
            poll_immediate_wake();
        }
    }
}

/* Changes whenever the replica changes. */
unsigned int
ovsdb_idl_get_seqno(const struct ovsdb_idl *idl)
{
    return idl->data.change_seqno;
}

/* True if connected to the server. */
bool
ovsdb_idl_is_connected(const struct ovsdb_idl *idl)
{
    return jsonrpc_session_is_connected(idl->session);
}

/* True if connected and in sync. */
bool
ovsdb_idl_is_synced(const struct ovsdb_idl *idl)
{
    return (idl->state == IDL_S_MONITORING
            && jsonrpc_session_is_connected(idl->session));
}

/* False once a non-retrying IDL has given up. */
bool
ovsdb_idl_is_alive(const struct ovsdb_idl *idl)
{
    return jsonrpc_session_is_alive(idl->session);
}

/* True once the replica has been loaded. */
bool
ovsdb_idl_has_ever_connected(const struct ovsdb_idl *idl)
{
    return idl->ever_synced;
}

/* Why the IDL is not in sync (0 if it is). */
int
ovsdb_idl_get_last_error(const struct ovsdb_idl *idl)
{
    if (ovsdb_idl_is_synced(idl)) {
        return 0;
    } else if (idl->last_error) {
        return idl->last_error;
    } else if (!jsonrpc_session_is_connected(idl->session)) {
        int error = jsonrpc_session_get_last_error(idl->session);
        return error ? error : EAGAIN;
    } else {
        return EAGAIN;
    }
}

/* The text of the last protocol-level error, or NULL. */
const char *
ovsdb_idl_get_last_error_detail(const struct ovsdb_idl *idl)
{
    return idl->last_error_detail;
}

/* Drops the connection and reconnects. */
void
ovsdb_idl_force_reconnect(struct ovsdb_idl *idl)
{
    jsonrpc_session_force_reconnect(idl->session);
}

/* Sets the probe interval, in ms (0: none). */
void
ovsdb_idl_set_probe_interval(struct ovsdb_idl *idl, int probe_interval)
{
    jsonrpc_session_set_probe_interval(idl->session, probe_interval);
}

/* Sets the reconnection backoff bounds, in ms (<= 0: the default). */
void
ovsdb_idl_set_backoff(struct ovsdb_idl *idl, int min_backoff,
                      int max_backoff)
{
    jsonrpc_session_set_backoff(idl->session, min_backoff, max_backoff);
}

/* The remote given at creation. */
const char *
ovsdb_idl_get_remote(const struct ovsdb_idl *idl)
{
    return idl->remote;
}

/* The database name given at creation. */
const char *
ovsdb_idl_get_db_name(const struct ovsdb_idl *idl)
{
    return idl->db_name;
}

/* The monitor method in use, or NULL while not in sync. */
const char *
ovsdb_idl_get_monitor_method(const struct ovsdb_idl *idl)
{
    return (idl->state == IDL_S_MONITORING
            ? idl_method_names[idl->method] : NULL);
}

/* Counts the full loads of the replica. */
unsigned int
ovsdb_idl_get_n_full_loads(const struct ovsdb_idl *idl)
{
    return idl->n_full_loads;
}

/* The replica's schema, or NULL. */
const struct ovsdb_schema *
ovsdb_idl_get_schema(const struct ovsdb_idl *idl)
{
    return idl->data.schema;
}

/* Reading the replica. */

/* The data table called 'name', or NULL. */
struct ovsdb_idl_table *
ovsdb_idl_get_table(const struct ovsdb_idl *idl, const char *name)
{
    return idl_db_find_table(&idl->data, name);
}

/* The table's schema. */
const struct ovsdb_table_schema *
ovsdb_idl_table_get_schema(const struct ovsdb_idl_table *table)
{
    return table->schema;
}

/* The table's name. */
const char *
ovsdb_idl_table_get_name(const struct ovsdb_idl_table *table)
{
    return table->schema->name;
}

/* The seqno of the table's last alerting change. */
unsigned int
ovsdb_idl_table_get_seqno(const struct ovsdb_idl_table *table)
{
    return table->change_seqno;
}

/* The number of rows, as the building transaction sees them. */
size_t
ovsdb_idl_table_count(const struct ovsdb_idl_table *table)
{
    size_t n = hmap_count(&table->rows);

    if (table->db->idl->txn) {
        const struct ovsdb_idl_row *row;

        HMAP_FOR_EACH (row, hmap_node, &table->rows) {
            n -= row->txn_deleted;
        }
    }
    return n;
}

/* True if the table is in the current monitor request. */
bool
ovsdb_idl_table_is_replicated(const struct ovsdb_idl_table *table)
{
    return table->replicated;
}

/* The column 'name' of 'table', or NULL. */
const struct ovsdb_column *
ovsdb_idl_table_find_column(const struct ovsdb_idl_table *table,
                            const char *name)
{
    return ovsdb_table_schema_find_column(table->schema, name);
}

/* The first row at or after 'node' that the building txn did not
 * delete. */
static const struct ovsdb_idl_row *
idl_visible_row(const struct ovsdb_idl_table *table,
                const struct hmap_node *node)
{
    for (; node; node = hmap_next(&table->rows, node)) {
        const struct ovsdb_idl_row *row;

        row = CONTAINER_OF(node, struct ovsdb_idl_row, hmap_node);
        if (!row->txn_deleted) {
            return row;
        }
    }
    return NULL;
}

/* The first row of 'table', or NULL. */
const struct ovsdb_idl_row *
ovsdb_idl_first_row(const struct ovsdb_idl_table *table)
{
    return idl_visible_row(table, hmap_first(&table->rows));
}

/* The row after 'row' in its table, or NULL. */
const struct ovsdb_idl_row *
ovsdb_idl_next_row(const struct ovsdb_idl_row *row)
{
    return idl_visible_row(row->table,
                           hmap_next(&row->table->rows, &row->hmap_node));
}

/* The row of 'table' with 'uuid', or NULL. */
const struct ovsdb_idl_row *
ovsdb_idl_get_row_for_uuid(const struct ovsdb_idl_table *table,
                           const struct uuid *uuid)
{
    const struct ovsdb_idl_row *row = row_find(table, uuid);

    return row && !row->txn_deleted ? row : NULL;
}

/* The value of 'column' in 'row', or NULL for an unknown column. */
const struct ovsdb_datum *
ovsdb_idl_get(const struct ovsdb_idl_row *row, const char *column)
{
    const struct ovsdb_column *c;

    c = ovsdb_table_schema_find_column(row->table->schema, column);
    return c ? &row->datums[c->index] : NULL;
}

/* The value of column 'column_index' in 'row', or NULL. */
const struct ovsdb_datum *
ovsdb_idl_get_by_index(const struct ovsdb_idl_row *row,
                       unsigned int column_index)
{
    return (column_index < row->table->schema->n_columns
            ? &row->datums[column_index] : NULL);
}

/* The value of 'column' if it has atomic types 'key' and 'value' and is
 * not empty, else NULL. */
static const struct ovsdb_datum *
idl_get_typed(const struct ovsdb_idl_row *row, const char *column,
              enum ovsdb_atomic_type key, enum ovsdb_atomic_type value)
{
    const struct ovsdb_column *c;

    c = ovsdb_table_schema_find_column(row->table->schema, column);
    if (!c || c->type.key.type != key || c->type.value.type != value) {
        return NULL;
    }
    return row->datums[c->index].n ? &row->datums[c->index] : NULL;
}

/* The string in 'column', or 'default_'. */
const char *
ovsdb_idl_get_string(const struct ovsdb_idl_row *row, const char *column,
                     const char *default_)
{
    const struct ovsdb_datum *d = idl_get_typed(row, column,
                                                OVSDB_TYPE_STRING,
                                                OVSDB_TYPE_VOID);
    return d ? d->keys[0].string : default_;
}

/* The integer in 'column', or 'default_'. */
int64_t
ovsdb_idl_get_integer(const struct ovsdb_idl_row *row, const char *column,
                      int64_t default_)
{
    const struct ovsdb_datum *d = idl_get_typed(row, column,
                                                OVSDB_TYPE_INTEGER,
                                                OVSDB_TYPE_VOID);
    return d ? d->keys[0].integer : default_;
}

/* The real in 'column', or 'default_'. */
double
ovsdb_idl_get_real(const struct ovsdb_idl_row *row, const char *column,
                   double default_)
{
    const struct ovsdb_datum *d = idl_get_typed(row, column, OVSDB_TYPE_REAL,
                                                OVSDB_TYPE_VOID);
    return d ? d->keys[0].real : default_;
}

/* The boolean in 'column', or 'default_'. */
bool
ovsdb_idl_get_bool(const struct ovsdb_idl_row *row, const char *column,
                   bool default_)
{
    const struct ovsdb_datum *d = idl_get_typed(row, column,
                                                OVSDB_TYPE_BOOLEAN,
                                                OVSDB_TYPE_VOID);
    return d ? d->keys[0].boolean : default_;
}

/* The value of 'key' in string-to-string map 'column', or 'default_'. */
const char *
ovsdb_idl_get_map_string(const struct ovsdb_idl_row *row, const char *column,
                         const char *key, const char *default_)
{
    const struct ovsdb_datum *d = idl_get_typed(row, column,
                                                OVSDB_TYPE_STRING,
                                                OVSDB_TYPE_STRING);
    union ovsdb_atom atom;
    unsigned int idx;

    atom.string = CONST_CAST(char *, key);
    return (d && ovsdb_datum_find_key(d, &atom, OVSDB_TYPE_STRING, &idx)
            ? d->values[idx].string : default_);
}

/* Finds the references in 'column' of 'row': stores the atoms that hold
 * them in '*atomsp' and the table they refer to in '*tablep', and returns
 * their number (0 if the column holds no references). */
static size_t
idl_refs(const struct ovsdb_idl_row *row, const char *column,
         const union ovsdb_atom **atomsp,
         const struct ovsdb_idl_table **tablep)
{
    const struct ovsdb_column *c;
    const struct ovsdb_base_type *base;
    const struct ovsdb_datum *d;

    c = ovsdb_table_schema_find_column(row->table->schema, column);
    if (!c) {
        return 0;
    }
    d = &row->datums[c->index];
    if (ovsdb_base_type_is_ref(&c->type.key)) {
        base = &c->type.key;
        *atomsp = d->keys;
    } else if (ovsdb_base_type_is_ref(&c->type.value)) {
        base = &c->type.value;
        *atomsp = d->values;
    } else {
        return 0;
    }
    *tablep = idl_db_find_table(row->table->db, base->uuid.ref_table_name);
    return *tablep ? d->n : 0;
}

/* The rows that 'column' of 'row' refers to. */
size_t
ovsdb_idl_get_refs(const struct ovsdb_idl_row *row, const char *column,
                   const struct ovsdb_idl_row ***rowsp)
{
    const struct ovsdb_idl_table *table;
    const union ovsdb_atom *atoms;
    size_t n_atoms = idl_refs(row, column, &atoms, &table);
    const struct ovsdb_idl_row **rows;
    size_t n = 0;

    *rowsp = NULL;
    if (!n_atoms) {
        return 0;
    }
    rows = xmalloc(n_atoms * sizeof *rows);
    for (size_t i = 0; i < n_atoms; i++) {
        const struct ovsdb_idl_row *ref;

        ref = ovsdb_idl_get_row_for_uuid(table, &atoms[i].uuid);
        if (ref) {
            rows[n++] = ref;
        }
    }
    if (!n) {
        free(rows);
        return 0;
    }
    *rowsp = rows;
    return n;
}

/* The first existing row that 'column' of 'row' refers to, or NULL. */
const struct ovsdb_idl_row *
ovsdb_idl_get_ref(const struct ovsdb_idl_row *row, const char *column)
{
    const struct ovsdb_idl_table *table;
    const union ovsdb_atom *atoms;
    size_t n_atoms = idl_refs(row, column, &atoms, &table);

    for (size_t i = 0; i < n_atoms; i++) {
        const struct ovsdb_idl_row *ref;

        ref = ovsdb_idl_get_row_for_uuid(table, &atoms[i].uuid);
        if (ref) {
            return ref;
        }
    }
    return NULL;
}

/* Change tracking. */

/* The seqno of the row's last change of 'kind'. */
unsigned int
ovsdb_idl_row_get_seqno(const struct ovsdb_idl_row *row,
                        enum ovsdb_idl_change kind)
{
    return kind < OVSDB_IDL_CHANGE_MAX ? row->change_seqno[kind] : 0;
}

/* True for a tracked row no longer in the replica. */
bool
ovsdb_idl_row_is_deleted(const struct ovsdb_idl_row *row)
{
    return row->deleted;
}

/* The first tracked row of 'table', or NULL. */
const struct ovsdb_idl_row *
ovsdb_idl_track_get_first(const struct ovsdb_idl_table *table)
{
    if (osw_list_is_empty(&table->track_list)) {
        return NULL;
    }
    return CONTAINER_OF(osw_list_front(&table->track_list),
                        struct ovsdb_idl_row, track_node);
}

/* The tracked row after 'row', or NULL. */
const struct ovsdb_idl_row *
ovsdb_idl_track_get_next(const struct ovsdb_idl_row *row)
{
    if (!osw_list_is_linked(&row->track_node)
        || row->track_node.next == &row->table->track_list) {
        return NULL;
    }
    return CONTAINER_OF(row->track_node.next, struct ovsdb_idl_row,
                        track_node);
}

/* True if 'column' of tracked 'row' changed since the last clear. */
bool
ovsdb_idl_track_is_updated(const struct ovsdb_idl_row *row,
                           const char *column)
{
    const struct ovsdb_column *c;

    c = ovsdb_table_schema_find_column(row->table->schema, column);
    return c && bm_is_set(row->updated, c->index);
}

/* Forgets the tracked changes, freeing the deleted rows. */
void
ovsdb_idl_track_clear(struct ovsdb_idl *idl)
{
    for (size_t i = 0; i < idl->data.n_tables; i++) {
        struct ovsdb_idl_table *table = &idl->data.tables[i];
        struct ovsdb_idl_row *row;

        OSW_LIST_FOR_EACH_POP (row, track_node, &table->track_list) {
            if (row->deleted) {
                row_free(row);
            } else {
                free(row->updated);
                row->updated = NULL;
            }
        }
    }
}

/* Transactions. */

/* Returns a string for 'status'. */
const char *
ovsdb_idl_txn_status_to_string(enum ovsdb_idl_txn_status status)
{
    switch (status) {
    case OVSDB_IDL_TXN_UNCOMMITTED: return "uncommitted";
    case OVSDB_IDL_TXN_UNCHANGED: return "unchanged";
    case OVSDB_IDL_TXN_INCOMPLETE: return "incomplete";
    case OVSDB_IDL_TXN_ABORTED: return "aborted";
    case OVSDB_IDL_TXN_SUCCESS: return "success";
    case OVSDB_IDL_TXN_TRY_AGAIN: return "try again";
    case OVSDB_IDL_TXN_NOT_LOCKED: return "not locked";
    case OVSDB_IDL_TXN_ERROR: return "error";
    }
    return "<unknown>";
}

static void
idl_txn_set_error(struct ovsdb_idl_txn *txn, const char *format, ...)
{
    va_list args;

    va_start(args, format);
    free(txn->error);
    txn->error = xvasprintf(format, args);
    va_end(args);
}

/* Starts a transaction on 'idl'. */
struct ovsdb_idl_txn *
ovsdb_idl_txn_create(struct ovsdb_idl *idl)
{
    struct ovsdb_idl_txn *txn = xzalloc(sizeof *txn);

    osw_assert(!idl->txn);
    txn->idl = idl;
    osw_list_poison(&txn->node);
    osw_list_init(&txn->rows);
    txn->status = OVSDB_IDL_TXN_UNCOMMITTED;
    ds_init(&txn->comment);
    hmap_init(&txn->inserts);
    txn->inc_op_index = SIZE_MAX;
    txn->inc_new_value = -1;
    idl->txn = txn;
    return txn;
}

/* Frees 'txn', reverting it first if it was not committed. */
void
ovsdb_idl_txn_destroy(struct ovsdb_idl_txn *txn)
{
    struct idl_insert *insert;

    if (!txn) {
        return;
    }
    if (txn->idl && txn->idl->txn == txn) {
        idl_txn_disassemble(txn);
    }
    if (osw_list_is_linked(&txn->node)) {
        osw_list_remove(&txn->node);
    }
    HMAP_FOR_EACH_POP (insert, hmap_node, &txn->inserts) {
        free(insert);
    }
    hmap_destroy(&txn->inserts);
    ds_destroy(&txn->comment);
    json_decref(txn->request_id);
    free(txn->error);
    free(txn);
}

/* The transaction being built on 'idl', or NULL. */
struct ovsdb_idl_txn *
ovsdb_idl_get_txn(const struct ovsdb_idl *idl)
{
    return idl->txn;
}

/* The IDL of 'txn' (NULL once the IDL was destroyed). */
struct ovsdb_idl *
ovsdb_idl_txn_get_idl(const struct ovsdb_idl_txn *txn)
{
    return txn->idl;
}

/* Appends a line to the transaction's comment. */
void
ovsdb_idl_txn_add_comment(struct ovsdb_idl_txn *txn, const char *format, ...)
{
    va_list args;

    if (txn->comment.length) {
        ds_put_char(&txn->comment, '\n');
    }
    va_start(args, format);
    ds_put_format_valist(&txn->comment, format, args);
    va_end(args);
}

/* Makes the transaction end with an "abort". */
void
ovsdb_idl_txn_set_dry_run(struct ovsdb_idl_txn *txn)
{
    txn->dry_run = true;
}

/* The transaction being built that 'row' belongs to. */
static struct ovsdb_idl_txn *
row_txn(const struct ovsdb_idl_row *row)
{
    struct ovsdb_idl_txn *txn = row->table->db->idl->txn;

    osw_assert(txn);
    return txn;
}

/* The user column 'name' of 'row''s table, or NULL. */
static const struct ovsdb_column *
txn_column(const struct ovsdb_idl_row *row, const char *name)
{
    const struct ovsdb_column *column;

    column = ovsdb_table_schema_find_column(row->table->schema, name);
    return column && column->index >= OVSDB_N_STD_COLUMNS ? column : NULL;
}

static void
txn_touch(struct ovsdb_idl_txn *txn, struct ovsdb_idl_row *row)
{
    if (!osw_list_is_linked(&row->txn_node)) {
        osw_list_push_back(&txn->rows, &row->txn_node);
    }
}

/* True if the txn changed column 'c' of 'row' (so 'committed[c]' holds
 * the replica's value, unless the row is new). */
static bool
row_saved(const struct ovsdb_idl_row *row, size_t c)
{
    return bm_is_set(row->written, c) || bm_is_set(row->mutated, c);
}

/* Keeps the replica's value of column 'c' aside, for the transaction to
 * change the visible one. */
static void
row_save_column(struct ovsdb_idl_row *row, size_t c)
{
    if (row->txn_inserted || row_saved(row, c)) {
        return;
    }
    if (!row->committed) {
        row->committed = xcalloc(row->table->schema->n_columns,
                                 sizeof *row->committed);
    }
    row->committed[c] = row->datums[c];
    ovsdb_datum_clone(&row->datums[c], &row->committed[c],
                      column_type(row->table, c));
}

/* The replica's value of column 'c' of 'row'. */
static const struct ovsdb_datum *
row_committed(const struct ovsdb_idl_row *row, size_t c)
{
    return (row->committed && row_saved(row, c)
            ? &row->committed[c] : &row->datums[c]);
}

static void
row_drop_mutations(struct ovsdb_idl_row *row, size_t c)
{
    struct idl_mutation *m, *next;

    OSW_LIST_FOR_EACH_SAFE (m, next, node, &row->mutations) {
        if (m->column == c) {
            osw_list_remove(&m->node);
            mutation_free(row->table, m);
        }
    }
    bm_set0(row->mutated, c);
}

/* Undoes the transaction's changes to 'row', a row of the replica. */
static void
row_revert(struct ovsdb_idl_row *row)
{
    const struct ovsdb_idl_table *table = row->table;
    struct idl_mutation *m;

    for (size_t c = 0; c < table->schema->n_columns; c++) {
        if (row->committed && row_saved(row, c)) {
            ovsdb_datum_destroy(&row->datums[c], column_type(table, c));
            row->datums[c] = row->committed[c];
        }
    }
    free(row->committed);
    free(row->written);
    free(row->mutated);
    free(row->verified);
    row->committed = NULL;
    row->written = row->mutated = row->verified = NULL;
    OSW_LIST_FOR_EACH_POP (m, node, &row->mutations) {
        mutation_free(table, m);
    }
    row->txn_deleted = false;
}

/* Reverts every row the transaction touched; it is no longer being
 * built. */
static void
idl_txn_disassemble(struct ovsdb_idl_txn *txn)
{
    struct ovsdb_idl_row *row;

    OSW_LIST_FOR_EACH_POP (row, txn_node, &txn->rows) {
        if (row->txn_inserted) {
            hmap_remove(&row->table->rows, &row->hmap_node);
            row_free(row);
        } else {
            row_revert(row);
        }
    }
    if (txn->idl && txn->idl->txn == txn) {
        txn->idl->txn = NULL;
    }
}

/* Inserts a row into 'table'. */
const struct ovsdb_idl_row *
ovsdb_idl_txn_insert(struct ovsdb_idl_txn *txn,
                     const struct ovsdb_idl_table *table_,
                     const struct uuid *uuid)
{
    struct ovsdb_idl_table *table = CONST_CAST(struct ovsdb_idl_table *,
                                               table_);
    struct ovsdb_idl_row *row;
    struct idl_insert *insert;
    struct uuid u;

    osw_assert(txn->idl && txn->idl->txn == txn);
    if (uuid) {
        if (row_find(table, uuid)) {
            return NULL;
        }
        u = *uuid;
    } else {
        uuid_generate(&u);
    }

    row = row_create(table, &u);
    row->txn_inserted = true;
    txn_touch(txn, row);

    insert = xzalloc(sizeof *insert);
    insert->temp = u;
    insert->given = uuid != NULL;
    insert->op_index = SIZE_MAX;
    hmap_insert(&txn->inserts, &insert->hmap_node, uuid_hash(&u));
    return row;
}

/* Sets 'column' of 'row' to '*datum'. */
int
ovsdb_idl_txn_write(const struct ovsdb_idl_row *row_, const char *column_name,
                    struct ovsdb_datum *datum)
{
    struct ovsdb_idl_row *row = CONST_CAST(struct ovsdb_idl_row *, row_);
    struct ovsdb_idl_txn *txn = row_txn(row);
    const struct ovsdb_column *column = txn_column(row, column_name);
    size_t c;

    if (!column) {
        return ENOENT;
    }
    if (row->txn_deleted
        || !ovsdb_datum_conforms_to_type(datum, &column->type)) {
        return EINVAL;
    }

    c = column->index;
    txn_touch(txn, row);
    row_save_column(row, c);
    ovsdb_datum_destroy(&row->datums[c], &column->type);
    row->datums[c] = *datum;
    ovsdb_datum_init_empty(datum);
    bm_set1(&row->written, row->table->schema->n_columns, c);
    row_drop_mutations(row, c);
    return 0;
}

/* Sets 'column' of 'row' to a copy of 'datum'. */
int
ovsdb_idl_txn_write_clone(const struct ovsdb_idl_row *row,
                          const char *column_name,
                          const struct ovsdb_datum *datum)
{
    const struct ovsdb_column *column = txn_column(row, column_name);
    struct ovsdb_datum copy;
    int error;

    if (!column) {
        return ENOENT;
    }
    ovsdb_datum_clone(&copy, datum, &column->type);
    error = ovsdb_idl_txn_write(row, column_name, &copy);
    if (error) {
        ovsdb_datum_destroy(&copy, &column->type);
    }
    return error;
}

/* Deletes 'row'. */
void
ovsdb_idl_txn_delete(const struct ovsdb_idl_row *row_)
{
    struct ovsdb_idl_row *row = CONST_CAST(struct ovsdb_idl_row *, row_);

    txn_touch(row_txn(row), row);
    row->txn_deleted = true;
}

/* Verifies 'column' of 'row' at commit. */
int
ovsdb_idl_txn_verify(const struct ovsdb_idl_row *row_, const char *column_name)
{
    struct ovsdb_idl_row *row = CONST_CAST(struct ovsdb_idl_row *, row_);
    struct ovsdb_idl_txn *txn = row_txn(row);
    const struct ovsdb_column *column = txn_column(row, column_name);

    if (!column) {
        return ENOENT;
    }
    if (!(row->table->modes[column->index] & IDL_MONITOR)) {
        /* The replica's value says nothing: the wait would fail forever. */
        return EINVAL;
    }
    if (!row->txn_inserted) {
        txn_touch(txn, row);
        bm_set1(&row->verified, row->table->schema->n_columns,
                column->index);
    }
    return 0;
}

/* Increments 'column' of 'row' at commit. */
void
ovsdb_idl_txn_increment(struct ovsdb_idl_txn *txn,
                        const struct ovsdb_idl_row *row, const char *column,
                        bool force)
{
    const struct ovsdb_column *c = txn_column(row, column);

    if (!c || c->type.key.type != OVSDB_TYPE_INTEGER
        || ovsdb_type_is_map(&c->type)) {
        VLOG_WARN("cannot increment %s:%s, which is not an integer column",
                  row->table->schema->name, column);
        return;
    }
    txn->inc_set = true;
    txn->inc_table = row->table;
    txn->inc_uuid = row->uuid;
    txn->inc_column = c->index;
    txn->inc_force = force;
}

/* Partial updates. */

enum idl_partial {
    IDL_MAP_SET,
    IDL_MAP_DELETE,
    IDL_SET_ADD,
    IDL_SET_REMOVE
};

static bool
idl_atom_ok(const union ovsdb_atom *atom, const struct ovsdb_base_type *base)
{
    struct ovsdb_error *error = ovsdb_atom_check_constraints(atom, base);

    ovsdb_error_destroy(error);
    return !error;
}

/* Returns the "insert" or "delete" mutation of column 'c' of 'row',
 * creating it (empty) if needed.  A column has at most one of each, the
 * "delete" first, so that a map key being replaced is removed before its
 * new pair goes in. */
static struct idl_mutation *
row_get_mutation(struct ovsdb_idl_row *row, size_t c, bool insert)
{
    struct idl_mutation *m, *pair = NULL;

    OSW_LIST_FOR_EACH (m, node, &row->mutations) {
        if (m->column == c) {
            if (m->insert == insert) {
                return m;
            }
            pair = m;
        }
    }

    m = xzalloc(sizeof *m);
    m->column = c;
    m->insert = insert;
    m->keys_only = !insert && ovsdb_type_is_map(column_type(row->table, c));
    ovsdb_datum_init_empty(&m->arg);
    if (pair && !insert) {
        osw_list_insert(&pair->node, &m->node);
    } else {
        osw_list_push_back(&row->mutations, &m->node);
    }
    return m;
}

/* The type of the argument of mutation 'm'. */
static struct ovsdb_type
mutation_type(const struct ovsdb_idl_row *row, const struct idl_mutation *m)
{
    struct ovsdb_type type = *column_type(row->table, m->column);

    if (m->keys_only) {
        type.value.type = OVSDB_TYPE_VOID;
    }
    return type;
}

/* Removes 'key' from the argument of mutation 'm', if there. */
static void
mutation_forget_key(const struct ovsdb_idl_row *row, struct idl_mutation *m,
                    const union ovsdb_atom *key)
{
    struct ovsdb_type type = mutation_type(row, m);
    unsigned int idx;

    if (ovsdb_datum_find_key(&m->arg, key, type.key.type, &idx)) {
        ovsdb_datum_remove(&m->arg, idx, &type);
    }
}

/* Records a partial update of column 'c' of 'row' for the request: the
 * key's last operation wins (it is what applying them all in order comes
 * to), removals go to the column's "delete" mutation and additions to its
 * "insert", so a row sends one of each per column however many elements
 * changed. */
static void
row_add_mutation(struct ovsdb_idl_row *row, size_t c, enum idl_partial op,
                 const union ovsdb_atom *key, const union ovsdb_atom *value)
{
    struct idl_mutation *del = row_get_mutation(row, c, false);
    struct idl_mutation *ins = row_get_mutation(row, c, true);
    struct ovsdb_type del_type = mutation_type(row, del);
    struct ovsdb_type ins_type = mutation_type(row, ins);

    mutation_forget_key(row, del, key);
    mutation_forget_key(row, ins, key);
    switch (op) {
    case IDL_MAP_SET:
        /* "insert" does not replace an existing key's value. */
        ovsdb_datum_add(&del->arg, key, NULL, &del_type);
        ovsdb_datum_add(&ins->arg, key, value, &ins_type);
        break;
    case IDL_MAP_DELETE:
    case IDL_SET_REMOVE:
        ovsdb_datum_add(&del->arg, key, NULL, &del_type);
        break;
    case IDL_SET_ADD:
        ovsdb_datum_add(&ins->arg, key, NULL, &ins_type);
        break;
    }
}

/* Applies a partial update to the visible value of column 'c'. */
static void
row_apply_partial(struct ovsdb_idl_row *row, size_t c, enum idl_partial op,
                  const union ovsdb_atom *key, const union ovsdb_atom *value)
{
    const struct ovsdb_type *type = column_type(row->table, c);
    struct ovsdb_datum *d = &row->datums[c];
    unsigned int idx;
    bool found = ovsdb_datum_find_key(d, key, type->key.type, &idx);

    switch (op) {
    case IDL_MAP_SET:
        if (found) {
            ovsdb_atom_destroy(&d->values[idx], type->value.type);
            ovsdb_atom_clone(&d->values[idx], value, type->value.type);
        } else {
            ovsdb_datum_add(d, key, value, type);
        }
        break;
    case IDL_SET_ADD:
        if (!found) {
            ovsdb_datum_add(d, key, NULL, type);
        }
        break;
    case IDL_MAP_DELETE:
    case IDL_SET_REMOVE:
        if (found) {
            ovsdb_datum_remove(d, idx, type);
        }
        break;
    }
}

static int
txn_partial(const struct ovsdb_idl_row *row_, const char *column_name,
            enum idl_partial op, const union ovsdb_atom *key,
            const union ovsdb_atom *value)
{
    struct ovsdb_idl_row *row = CONST_CAST(struct ovsdb_idl_row *, row_);
    struct ovsdb_idl_txn *txn = row_txn(row);
    const struct ovsdb_column *column = txn_column(row, column_name);
    bool map_op = op == IDL_MAP_SET || op == IDL_MAP_DELETE;
    size_t n_columns = row->table->schema->n_columns;
    size_t c;

    if (!column) {
        return ENOENT;
    }
    if (row->txn_deleted || map_op != ovsdb_type_is_map(&column->type)
        || !idl_atom_ok(key, &column->type.key)
        || (op == IDL_MAP_SET && !idl_atom_ok(value, &column->type.value))) {
        return EINVAL;
    }

    c = column->index;
    txn_touch(txn, row);
    row_save_column(row, c);
    row_apply_partial(row, c, op, key, value);
    if (row->txn_inserted || bm_is_set(row->written, c)) {
        /* The whole value goes in the request anyway. */
        bm_set1(&row->written, n_columns, c);
        return 0;
    }

    bm_set1(&row->mutated, n_columns, c);
    row_add_mutation(row, c, op, key, value);
    return 0;
}

/* Sets 'key' to 'value' in map 'column'. */
int
ovsdb_idl_txn_map_set(const struct ovsdb_idl_row *row, const char *column,
                      const union ovsdb_atom *key,
                      const union ovsdb_atom *value)
{
    return txn_partial(row, column, IDL_MAP_SET, key, value);
}

/* Removes 'key' from map 'column'. */
int
ovsdb_idl_txn_map_delete(const struct ovsdb_idl_row *row, const char *column,
                         const union ovsdb_atom *key)
{
    return txn_partial(row, column, IDL_MAP_DELETE, key, NULL);
}

/* Sets string 'key' to string 'value' in map 'column'. */
int
ovsdb_idl_txn_map_set_string(const struct ovsdb_idl_row *row,
                             const char *column, const char *key,
                             const char *value)
{
    const struct ovsdb_column *c = txn_column(row, column);
    union ovsdb_atom k, v;

    if (c && (c->type.key.type != OVSDB_TYPE_STRING
              || c->type.value.type != OVSDB_TYPE_STRING)) {
        return EINVAL;
    }
    k.string = CONST_CAST(char *, key);
    v.string = CONST_CAST(char *, value);
    return txn_partial(row, column, IDL_MAP_SET, &k, &v);
}

/* Removes string 'key' from map 'column'. */
int
ovsdb_idl_txn_map_delete_string(const struct ovsdb_idl_row *row,
                                const char *column, const char *key)
{
    const struct ovsdb_column *c = txn_column(row, column);
    union ovsdb_atom k;

    if (c && c->type.key.type != OVSDB_TYPE_STRING) {
        return EINVAL;
    }
    k.string = CONST_CAST(char *, key);
    return txn_partial(row, column, IDL_MAP_DELETE, &k, NULL);
}

/* Adds 'atom' to set 'column'. */
int
ovsdb_idl_txn_set_add(const struct ovsdb_idl_row *row, const char *column,
                      const union ovsdb_atom *atom)
{
    return txn_partial(row, column, IDL_SET_ADD, atom, NULL);
}

/* Removes 'atom' from set 'column'. */
int
ovsdb_idl_txn_set_remove(const struct ovsdb_idl_row *row, const char *column,
                         const union ovsdb_atom *atom)
{
    return txn_partial(row, column, IDL_SET_REMOVE, atom, NULL);
}

/* Composing the request. */

static const struct idl_insert *
txn_find_insert(const struct ovsdb_idl_txn *txn, const struct uuid *uuid)
{
    const struct idl_insert *insert;

    HMAP_FOR_EACH_WITH_HASH (insert, hmap_node, uuid_hash(uuid),
                             &txn->inserts) {
        if (uuid_equals(&insert->temp, uuid)) {
            return insert;
        }
    }
    return NULL;
}

/* The "uuid-name" of a row inserted with temporary uuid 'uuid': "row"
 * then the uuid with '_' for '-' (an <id>). */
static json_t *
txn_insert_name(const struct uuid *uuid)
{
    char s[UUID_LEN + 1];

    uuid_to_string(uuid, s);
    for (char *p = s; *p; p++) {
        if (*p == '-') {
            *p = '_';
        }
    }
    return json_pack("s++", "row", s, "");
}

static json_t *
txn_atom_to_json(const struct ovsdb_idl_txn *txn,
                 const union ovsdb_atom *atom, enum ovsdb_atomic_type type)
{
    if (type == OVSDB_TYPE_UUID) {
        const struct idl_insert *insert = txn_find_insert(txn, &atom->uuid);

        if (insert && !insert->given) {
            return json_pack("[so]", "named-uuid",
                             txn_insert_name(&atom->uuid));
        }
    }
    return ovsdb_atom_to_json(atom, type);
}

/* Returns 'datum' as an RFC 7047 <value>, with references to rows the
 * transaction inserts as "named-uuid"s.  With 'always_set', a set with
 * one element is still written as ["set", [...]]. */
static json_t *
txn_datum_to_json(const struct ovsdb_idl_txn *txn,
                  const struct ovsdb_datum *datum,
                  const struct ovsdb_type *type, bool always_set)
{
    json_t *elems = json_array();

    if (ovsdb_type_is_map(type)) {
        for (size_t i = 0; i < datum->n; i++) {
            json_array_append_new(elems, json_pack(
                "[oo]", txn_atom_to_json(txn, &datum->keys[i], type->key.type),
                txn_atom_to_json(txn, &datum->values[i], type->value.type)));
        }
        return json_pack("[so]", "map", elems);
    }
    if (datum->n == 1 && !always_set) {
        json_decref(elems);
        return txn_atom_to_json(txn, &datum->keys[0], type->key.type);
    }
    for (size_t i = 0; i < datum->n; i++) {
        json_array_append_new(elems, txn_atom_to_json(txn, &datum->keys[i],
                                                      type->key.type));
    }
    return json_pack("[so]", "set", elems);
}

static json_t *
txn_where_uuid(const struct uuid *uuid)
{
    char s[UUID_LEN + 1];

    uuid_to_string(uuid, s);
    return json_pack("[[ss[ss]]]", "_uuid", "==", "uuid", s);
}

/* Like txn_where_uuid(), for a row that the transaction may have inserted
 * with a temporary uuid, which the server knows only by its
 * "named-uuid" (RFC 7047 allows those in conditions). */
static json_t *
txn_where_row(const struct ovsdb_idl_txn *txn, const struct uuid *uuid)
{
    union ovsdb_atom atom = { .uuid = *uuid };

    return json_pack("[[sso]]", "_uuid", "==",
                     txn_atom_to_json(txn, &atom, OVSDB_TYPE_UUID));
}

/* Appends 'op' to 'params' and returns its index among the operations. */
static size_t
txn_append_op(json_t *params, json_t *op)
{
    json_array_append_new(params, op);
    return json_array_size(params) - 2;
}

static void
txn_compose_verifies(const struct ovsdb_idl_txn *txn, json_t *params)
{
    const struct ovsdb_idl_row *row;

    OSW_LIST_FOR_EACH (row, txn_node, &txn->rows) {
        const struct ovsdb_table_schema *ts = row->table->schema;
        json_t *columns, *values;

        if (row->txn_inserted || !row->verified) {
            continue;
        }
        columns = json_array();
        values = json_object();
        for (size_t c = 0; c < ts->n_columns; c++) {
            if (bm_is_set(row->verified, c)) {
                const struct ovsdb_column *column = ts->columns[c];

                json_array_append_new(columns, json_string(column->name));
                json_object_set_new(values, column->name, txn_datum_to_json(
                                        txn, row_committed(row, c),
                                        &column->type, false));
            }
        }
        txn_append_op(params, json_pack(
                          "{s:s, s:i, s:s, s:o, s:s, s:o, s:[o]}",
                          "op", "wait", "timeout", 0, "table", ts->name,
                          "where", txn_where_uuid(&row->uuid),
                          "until", "==", "columns", columns,
                          "rows", values));
    }
}

static void
txn_compose_insert(struct ovsdb_idl_txn *txn, const struct ovsdb_idl_row *row,
                   json_t *params)
{
    const struct ovsdb_table_schema *ts = row->table->schema;
    struct idl_insert *insert;
    json_t *values = json_object();
    json_t *op;

    for (size_t c = OVSDB_N_STD_COLUMNS; c < ts->n_columns; c++) {
        const struct ovsdb_column *column = ts->columns[c];

        if (bm_is_set(row->written, c)
            && !ovsdb_datum_is_default(&row->datums[c], &column->type)) {
            json_object_set_new(values, column->name, txn_datum_to_json(
                                    txn, &row->datums[c], &column->type,
                                    false));
        }
    }
    op = json_pack("{s:s, s:s, s:o}", "op", "insert", "table", ts->name,
                   "row", values);

    insert = CONST_CAST(struct idl_insert *,
                        txn_find_insert(txn, &row->uuid));
    if (insert->given) {
        char s[UUID_LEN + 1];

        uuid_to_string(&row->uuid, s);
        json_object_set_new(op, "uuid", json_string(s));
    } else {
        json_object_set_new(op, "uuid-name", txn_insert_name(&row->uuid));
    }
    insert->op_index = txn_append_op(params, op);
}

/* Appends the "update" and "mutate" of a row of the replica.  Returns
 * true if there was anything to change. */
static bool
txn_compose_modify(const struct ovsdb_idl_txn *txn,
                   const struct ovsdb_idl_row *row, json_t *params)
{
    const struct ovsdb_table_schema *ts = row->table->schema;
    json_t *values = json_object();
    bool any = false;

    for (size_t c = OVSDB_N_STD_COLUMNS; c < ts->n_columns; c++) {
        const struct ovsdb_column *column = ts->columns[c];

        if (bm_is_set(row->written, c)
            && !ovsdb_datum_equals(&row->datums[c], row_committed(row, c),
                                   &column->type)) {
            json_object_set_new(values, column->name, txn_datum_to_json(
                                    txn, &row->datums[c], &column->type,
                                    false));
        }
    }
    if (json_object_size(values)) {
        txn_append_op(params, json_pack("{s:s, s:s, s:o, s:o}",
                                        "op", "update", "table", ts->name,
                                        "where", txn_where_uuid(&row->uuid),
                                        "row", values));
        any = true;
    } else {
        json_decref(values);
    }

    if (!osw_list_is_empty(&row->mutations)) {
        json_t *mutations = json_array();
        const struct idl_mutation *m;

        OSW_LIST_FOR_EACH (m, node, &row->mutations) {
            struct ovsdb_type type = mutation_type(row, m);

            if (m->arg.n) {
                json_array_append_new(mutations, json_pack(
                    "[sso]", ts->columns[m->column]->name,
                    m->insert ? "insert" : "delete",
                    txn_datum_to_json(txn, &m->arg, &type, true)));
            }
        }
        txn_append_op(params, json_pack("{s:s, s:s, s:o, s:o}",
                                        "op", "mutate", "table", ts->name,
                                        "where", txn_where_uuid(&row->uuid),
                                        "mutations", mutations));
        any = true;
    }
    return any;
}

static void
txn_compose_increment(struct ovsdb_idl_txn *txn, json_t *params)
{
    const struct ovsdb_table_schema *ts = txn->inc_table->schema;
    const char *column = ts->columns[txn->inc_column]->name;

    txn->inc_op_index = txn_append_op(params, json_pack(
        "{s:s, s:s, s:o, s:[[ssi]]}", "op", "mutate", "table", ts->name,
        "where", txn_where_row(txn, &txn->inc_uuid),
        "mutations", column, "+=", 1));
    txn_append_op(params, json_pack(
        "{s:s, s:s, s:o, s:[s]}", "op", "select", "table", ts->name,
        "where", txn_where_row(txn, &txn->inc_uuid), "columns", column));
}

/* Appends the transaction's operations to 'params'.  Returns true if it
 * changes anything. */
static bool
txn_compose(struct ovsdb_idl_txn *txn, json_t *params)
{
    const struct ovsdb_idl *idl = txn->idl;
    const struct ovsdb_idl_row *row;
    bool any = false;

    if (idl->lock_name) {
        txn_append_op(params, json_pack("{s:s, s:o}", "op", "assert", "lock",
                                        ovsdb_json_string(idl->lock_name)));
    }
    txn_compose_verifies(txn, params);
    OSW_LIST_FOR_EACH (row, txn_node, &txn->rows) {
        if (row->txn_deleted) {
            /* A row of a non-root table lives only while something refers
             * to it, and the server collects it once nothing does, as
             * Open vSwitch's IDL relies on: an explicit "delete" would add
             * nothing but a failed transaction if a reference remained
             * (another client's, say). */
            if (!row->txn_inserted && row->table->schema->is_root) {
                txn_append_op(params, json_pack(
                    "{s:s, s:s, s:o}", "op", "delete",
                    "table", row->table->schema->name,
                    "where", txn_where_uuid(&row->uuid)));
                any = true;
            }
        } else if (row->txn_inserted) {
            txn_compose_insert(txn, row, params);
            any = true;
        } else {
            any |= txn_compose_modify(txn, row, params);
        }
    }
    if (txn->inc_set && (any || txn->inc_force)) {
        txn_compose_increment(txn, params);
        any = true;
    }
    if (txn->comment.length) {
        txn_append_op(params, json_pack(
                          "{s:s, s:o}", "op", "comment", "comment",
                          ovsdb_json_string(ds_cstr(&txn->comment))));
    }
    if (txn->dry_run) {
        txn_append_op(params, json_pack("{s:s}", "op", "abort"));
    }
    return any;
}

/* Sends the transaction, or returns its status. */
enum ovsdb_idl_txn_status
ovsdb_idl_txn_commit(struct ovsdb_idl_txn *txn)
{
    struct ovsdb_idl *idl = txn->idl;
    json_t *params;

    if (txn->status != OVSDB_IDL_TXN_UNCOMMITTED || !idl) {
        return txn->status;
    }

    params = json_pack("[o]", ovsdb_json_string(idl->db_name));
    if (idl->lock_name && !idl->has_lock) {
        txn->status = OVSDB_IDL_TXN_NOT_LOCKED;
    } else if (!txn_compose(txn, params)) {
        txn->status = OVSDB_IDL_TXN_UNCHANGED;
    } else if (!ovsdb_idl_is_synced(idl)) {
        txn->status = OVSDB_IDL_TXN_TRY_AGAIN;
    } else {
        struct jsonrpc_msg *msg;

        txn->n_ops = json_array_size(params) - 1;
        msg = jsonrpc_create_request("transact", params, &txn->request_id);
        params = NULL;
        if (jsonrpc_session_send(idl->session, msg)) {
            txn->status = OVSDB_IDL_TXN_TRY_AGAIN;
        } else {
            txn->status = OVSDB_IDL_TXN_INCOMPLETE;
            osw_list_push_back(&idl->outstanding, &txn->node);
        }
    }
    json_decref(params);
    idl_txn_disassemble(txn);
    return txn->status;
}

/* Commits and runs the IDL until the status is final. */
enum ovsdb_idl_txn_status
ovsdb_idl_txn_commit_block(struct ovsdb_idl_txn *txn)
{
    enum ovsdb_idl_txn_status status = ovsdb_idl_txn_commit(txn);

    while (status == OVSDB_IDL_TXN_INCOMPLETE) {
        ovsdb_idl_run(txn->idl);
        status = txn->status;
        if (status == OVSDB_IDL_TXN_INCOMPLETE) {
            ovsdb_idl_wait(txn->idl);
            ovsdb_idl_txn_wait(txn);
            poll_block();
        }
    }
    return status;
}

/* Wakes poll_block() when the status is final. */
void
ovsdb_idl_txn_wait(const struct ovsdb_idl_txn *txn)
{
    if (txn->status != OVSDB_IDL_TXN_UNCOMMITTED
        && txn->status != OVSDB_IDL_TXN_INCOMPLETE) {
        poll_immediate_wake();
    }
}

/* Drops an uncommitted transaction. */
void
ovsdb_idl_txn_abort(struct ovsdb_idl_txn *txn)
{
    if (txn->status == OVSDB_IDL_TXN_UNCOMMITTED) {
        idl_txn_disassemble(txn);
        txn->status = OVSDB_IDL_TXN_ABORTED;
    }
}

/* The error of a failed transaction, or NULL. */
const char *
ovsdb_idl_txn_get_error(const struct ovsdb_idl_txn *txn)
{
    return txn->status == OVSDB_IDL_TXN_ERROR ? txn->error : NULL;
}

/* The incremented column's new value, or -1. */
int64_t
ovsdb_idl_txn_get_increment_new_value(const struct ovsdb_idl_txn *txn)
{
    return txn->inc_new_value;
}

/* The real uuid of the row inserted with 'uuid', or NULL. */
const struct uuid *
ovsdb_idl_txn_get_insert_uuid(const struct ovsdb_idl_txn *txn,
                              const struct uuid *uuid)
{
    const struct idl_insert *insert = txn_find_insert(txn, uuid);

    return insert && insert->has_real ? &insert->real : NULL;
}

/* Reading the reply. */

static bool
txn_process_insert_results(struct ovsdb_idl_txn *txn, const json_t *result)
{
    struct idl_insert *insert;

    HMAP_FOR_EACH (insert, hmap_node, &txn->inserts) {
        const json_t *uuid;
        const char *s;

        if (insert->op_index == SIZE_MAX) {
            /* Deleted by the same transaction. */
            continue;
        }
        uuid = json_object_get(json_array_get(result, insert->op_index),
                               "uuid");
        s = json_string_value(json_array_get(uuid, 1));
        if (!s || !uuid_from_string(&insert->real, s)) {
            idl_txn_set_error(txn, "insert reply without a valid uuid");
            return false;
        }
        insert->has_real = true;
    }
    return true;
}

static bool
txn_process_increment_results(struct ovsdb_idl_txn *txn, const json_t *result)
{
    const char *column;
    const json_t *count, *rows, *value;

    if (txn->inc_op_index == SIZE_MAX) {
        return true;
    }
    column = txn->inc_table->schema->columns[txn->inc_column]->name;
    count = json_object_get(json_array_get(result, txn->inc_op_index),
                            "count");
    if (json_integer_value(count) != 1) {
        idl_txn_set_error(txn, "increment of %s:%s: row "UUID_FMT" not "
                          "found", txn->inc_table->schema->name, column,
                          UUID_ARGS(&txn->inc_uuid));
        return false;
    }
    rows = json_object_get(json_array_get(result, txn->inc_op_index + 1),
                           "rows");
    value = json_object_get(json_array_get(rows, 0), column);
    if (json_array_size(rows) != 1 || !json_is_integer(value)) {
        idl_txn_set_error(txn, "increment of %s:%s: bad select reply",
                          txn->inc_table->schema->name, column);
        return false;
    }
    txn->inc_new_value = json_integer_value(value);
    return true;
}

/* Classifies the operations' errors: "timed out" (a failed "wait": a
 * verify found another value) means try again, "not owner" means the
 * lock is not held, "aborted" is the dry run's own "abort"; anything else
 * is an error. */
static void
idl_txn_process_reply(struct ovsdb_idl_txn *txn, const struct jsonrpc_msg *msg)
{
    size_t n_soft = 0, n_lock = 0, i;
    const json_t *op;
    char *hard = NULL;

    osw_list_remove(&txn->node);
    if (msg->type == JSONRPC_ERROR) {
        hard = idl_error_text(msg->error);
    } else if (!json_is_array(msg->result)) {
        hard = xstrdup("transaction reply is not an array");
    } else {
        json_array_foreach (msg->result, i, op) {
            const json_t *error = json_object_get(op, "error");
            const char *tag = json_string_value(error);

            if (!error) {
                continue;
            } else if (tag && !strcmp(tag, "timed out")) {
                n_soft++;
            } else if (tag && !strcmp(tag, "not owner")) {
                n_lock++;
            } else if (!tag || strcmp(tag, "aborted")) {
                if (!hard) {
                    hard = idl_error_text(op);
                }
            }
        }
        if (!hard && !n_soft && !n_lock
            && json_array_size(msg->result) < txn->n_ops) {
            hard = xasprintf("%zu results for %zu operations",
                             json_array_size(msg->result), txn->n_ops);
        }
    }

    if (hard) {
        idl_txn_set_error(txn, "%s", hard);
        txn->status = OVSDB_IDL_TXN_ERROR;
        free(hard);
    } else if (n_lock) {
        txn->status = OVSDB_IDL_TXN_NOT_LOCKED;
    } else if (n_soft) {
        txn->status = OVSDB_IDL_TXN_TRY_AGAIN;
    } else if (txn_process_insert_results(txn, msg->result)
               && txn_process_increment_results(txn, msg->result)) {
        txn->status = OVSDB_IDL_TXN_SUCCESS;
    } else {
        txn->status = OVSDB_IDL_TXN_ERROR;
    }
}
