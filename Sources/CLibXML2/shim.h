// libxml2 built with ICU includes <unicode/ucnv.h> from encoding.h, whose declarations clash with
// Foundation's bundled ICU (_FoundationICU). Nothing here needs libxml2's ICU types, so hide them.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
