# ofproto/: bridges as OpenFlow switches: translation, NORMAL, MAC learning.

noinst_LIBRARIES += ofproto/libofproto.a
ofproto_libofproto_a_SOURCES = \
	ofproto/classifier.c \
	ofproto/classifier.h \
	ofproto/connmgr.c \
	ofproto/connmgr.h \
	ofproto/in-band.c \
	ofproto/in-band.h \
	ofproto/mac-learning.c \
	ofproto/mac-learning.h \
	ofproto/ofp-actions.c \
	ofproto/ofp-actions.h \
	ofproto/ofp-errors.c \
	ofproto/ofp-errors.h \
	ofproto/ofp-flow.c \
	ofproto/ofp-group.c \
	ofproto/ofp-match.c \
	ofproto/ofp-match.h \
	ofproto/ofp-meter.c \
	ofproto/ofp-msgs.c \
	ofproto/ofp-msgs.h \
	ofproto/ofp-parse.c \
	ofproto/ofp-parse.h \
	ofproto/ofp-port.c \
	ofproto/ofp-print.c \
	ofproto/ofp-print.h \
	ofproto/ofp-util.c \
	ofproto/ofp-util.h \
	ofproto/ofproto.c \
	ofproto/ofproto.h \
	ofproto/ofproto-group.c \
	ofproto/ofproto-ofp.c \
	ofproto/ofproto-private.h \
	ofproto/ofproto-trace.c \
	ofproto/rconn.c \
	ofproto/rconn.h \
	ofproto/vconn.c \
	ofproto/vconn.h \
	ofproto/xlate.c \
	ofproto/xlate.h

noinst_HEADERS += \
	include/openflow/nicira-ext.h \
	include/openflow/openflow-1.0.h \
	include/openflow/openflow-1.3.h \
	include/openflow/openflow-1.4.h \
	include/openflow/openflow-1.5.h \
	include/openflow/openflow-common.h

OFPROTO_LIBS = ofproto/libofproto.a $(DATAPATH_LIBS)
