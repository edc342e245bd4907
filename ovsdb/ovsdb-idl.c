/* Placeholder: implementation in progress. */
#include <config.h>
