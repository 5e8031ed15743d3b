// The system zlib (zlib1g-dev on Debian/Ubuntu): DEFLATE for PNG, CRC-32 for PNG chunks.
#include <zlib.h>
