# ovsdb/: the database engine (RFC 7047), its storage, and its programs.

noinst_LIBRARIES += ovsdb/libovsdb.a

ovsdb_libovsdb_a_SOURCES = \
	ovsdb/condition.c \
	ovsdb/condition.h \
	ovsdb/execution.c \
	ovsdb/execution.h \
	ovsdb/file.c \
	ovsdb/file.h \
	ovsdb/jsonrpc-server.c \
	ovsdb/jsonrpc-server.h \
	ovsdb/log.c \
	ovsdb/log.h \
	ovsdb/monitor.c \
	ovsdb/monitor.h \
	ovsdb/mutation.c \
	ovsdb/mutation.h \
	ovsdb/output-table.c \
	ovsdb/output-table.h \
	ovsdb/ovsdb-data.c \
	ovsdb/ovsdb-data.h \
	ovsdb/ovsdb-error.c \
	ovsdb/ovsdb-error.h \
	ovsdb/ovsdb-idl.c \
	ovsdb/ovsdb-idl.h \
	ovsdb/ovsdb-parser.c \
	ovsdb/ovsdb-parser.h \
	ovsdb/ovsdb-schema.c \
	ovsdb/ovsdb-schema.h \
	ovsdb/ovsdb-types.c \
	ovsdb/ovsdb-types.h \
	ovsdb/ovsdb.c \
	ovsdb/ovsdb.h \
	ovsdb/row.c \
	ovsdb/row.h \
	ovsdb/server.c \
	ovsdb/server.h \
	ovsdb/table.c \
	ovsdb/table.h \
	ovsdb/transaction.c \
	ovsdb/transaction.h \
	ovsdb/trigger.c \
	ovsdb/trigger.h \
	ovsdb/txn-history.c \
	ovsdb/txn-history.h

OVSDB_LIBS = ovsdb/libovsdb.a $(OSW_LIBS) $(OPENSSL_LIBS)

sbin_PROGRAMS += ovsdb/oswdb-server
ovsdb_oswdb_server_SOURCES = ovsdb/oswdb-server.c
ovsdb_oswdb_server_LDADD = $(OVSDB_LIBS)
dist_man_MANS += ovsdb/oswdb-server.8

bin_PROGRAMS += ovsdb/oswdb-client ovsdb/oswdb-tool
ovsdb_oswdb_client_SOURCES = ovsdb/oswdb-client.c
ovsdb_oswdb_client_LDADD = $(OVSDB_LIBS)
ovsdb_oswdb_tool_SOURCES = ovsdb/oswdb-tool.c
ovsdb_oswdb_tool_LDADD = $(OVSDB_LIBS)
dist_man_MANS += ovsdb/oswdb-client.1 ovsdb/oswdb-tool.1

# The Open_vSwitch schema, installed for osw-ctl and oswdb-tool create.
dist_pkgdata_DATA = vswitchd/vswitch.ovsschema
