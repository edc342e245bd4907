# ofproto/: bridges as OpenFlow switches: translation, NORMAL, MAC learning.

noinst_LIBRARIES += ofproto/libofproto.a
ofproto_libofproto_a_SOURCES = \
	ofproto/mac-learning.c \
	ofproto/mac-learning.h \
	ofproto/ofproto.c \
	ofproto/ofproto.h \
	ofproto/ofproto-private.h \
	ofproto/xlate.c \
	ofproto/xlate.h

OFPROTO_LIBS = ofproto/libofproto.a $(DATAPATH_LIBS)
