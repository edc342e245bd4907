# vswitchd/: osw-vswitchd, which runs the bridges the database describes.

sbin_PROGRAMS += vswitchd/osw-vswitchd
vswitchd_osw_vswitchd_SOURCES = \
	vswitchd/bridge.c \
	vswitchd/bridge.h \
	vswitchd/osw-vswitchd.c
vswitchd_osw_vswitchd_LDADD = $(OFPROTO_LIBS) $(OVSDB_LIBS)
dist_man_MANS += vswitchd/osw-vswitchd.8
