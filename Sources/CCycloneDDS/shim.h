// Cyclone DDS's C API as Swift imports it (pkg-config CycloneDDS, Debian cyclonedds-dev 0.10.x).
// DDS_NDEBUG as pkg-config's cflags give it: the headers then match the prebuilt release library.
#ifndef DDS_NDEBUG
#define DDS_NDEBUG
#endif
#include <dds/dds.h>
