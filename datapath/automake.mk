# datapath/: the userspace fast path (dpif.h is its contract).

noinst_LIBRARIES += datapath/libdatapath.a
datapath_libdatapath_a_SOURCES = \
	datapath/dp-actions.c \
	datapath/dp-actions.h \
	datapath/dp-cache.c \
	datapath/dp-cache.h \
	datapath/dpctl.c \
	datapath/dpif-netdev.c \
	datapath/dpif.h \
	datapath/drop-reasons.c \
	datapath/drop-reasons.h

DATAPATH_LIBS = datapath/libdatapath.a $(OSW_LIBS)
