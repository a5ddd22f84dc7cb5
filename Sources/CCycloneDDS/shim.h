// Cyclone DDS's C API as Swift imports it (pkg-config CycloneDDS, Debian cyclonedds-dev 0.10.x).
#include <dds/dds.h>
