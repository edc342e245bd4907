# lib/: the building blocks every program links with.

noinst_LIBRARIES += lib/libosw.a

lib_libosw_a_SOURCES = \
	include/osw/bitmap.h \
	include/osw/coverage.h \
	include/osw/daemon.h \
	include/osw/dp-packet.h \
	include/osw/flow.h \
	include/osw/match.h \
	include/osw/meta-flow.h \
	include/osw/netdev.h \
	include/osw/netlink.h \
	include/osw/packets.h \
	include/osw/rtnetlink.h \
	include/osw/smap.h \
	include/osw/dirs.h \
	include/osw/dynamic-string.h \
	include/osw/fatal-signal.h \
	include/osw/hash.h \
	include/osw/hmap.h \
	include/osw/jsonrpc.h \
	include/osw/list.h \
	include/osw/ofpbuf.h \
	include/osw/poll-loop.h \
	include/osw/reconnect.h \
	include/osw/stream.h \
	include/osw/timeval.h \
	include/osw/unixctl.h \
	include/osw/util.h \
	include/osw/uuid.h \
	include/osw/vector.h \
	include/osw/vlog.h \
	lib/coverage.c \
	lib/daemon.c \
	lib/dp-packet.c \
	lib/dp-packet-gso.c \
	lib/flow.c \
	lib/match.c \
	lib/meta-flow.c \
	lib/netdev.c \
	lib/netdev-afpacket.c \
	lib/netdev-dummy.c \
	lib/netdev-provider.h \
	lib/netdev-tap.c \
	lib/netlink.c \
	lib/packets.c \
	lib/rtnetlink.c \
	lib/smap.c \
	lib/dirs.c \
	lib/dynamic-string.c \
	lib/fatal-signal.c \
	lib/hash.c \
	lib/hmap.c \
	lib/json-parser.c \
	lib/jsonrpc.c \
	lib/jsonrpc-session.c \
	lib/ofpbuf.c \
	lib/poll-loop.c \
	lib/reconnect.c \
	lib/socket-util.c \
	lib/socket-util.h \
	lib/stream.c \
	lib/stream-fd.c \
	lib/stream-provider.h \
	lib/stream-ssl.c \
	lib/stream-tcp.c \
	lib/stream-unix.c \
	lib/timeval.c \
	lib/unixctl.c \
	lib/util.c \
	lib/uuid.c \
	lib/vector.c \
	lib/vlog.c

# What every program links with after lib/libosw.a.
OSW_LIBS = lib/libosw.a $(JANSSON_LIBS) $(OPENSSL_LIBS) $(PTHREAD_LIBS) \
	$(LIBMNL_LIBS) $(LIBNL_ROUTE_LIBS) $(LIBNL_LIBS) $(LIBPCAP_LIBS)
