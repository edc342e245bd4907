#include <config.h>
#include "testlib.h"

OSW_TEST_MAIN()
