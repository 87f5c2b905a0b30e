// Declarations only (see include/LibFuzzerDriver.h); SwiftPM needs one source file.
#include "LibFuzzerDriver.h"
