#ifndef RMQLINT_CYAML_SHIM_H
#define RMQLINT_CYAML_SHIM_H
#include <yaml.h>
#endif
