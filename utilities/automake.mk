# utilities/: the command-line tools.

bin_PROGRAMS += utilities/osw-appctl
utilities_osw_appctl_SOURCES = utilities/osw-appctl.c
utilities_osw_appctl_LDADD = $(OSW_LIBS)
dist_man_MANS += utilities/osw-appctl.8
