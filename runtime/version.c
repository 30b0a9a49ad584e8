/*
 * version.c - version strings of onnxc and the libraries it runs with.
 */
#include <protobuf-c/protobuf-c.h>

#include "onnxc.h"
#include "onnxc_version.h"

const char *onnxc_version(void)
{
	return ONNXC_VERSION_STRING;
}

const char *onnxc_protobuf_c_version(void)
{
	return protobuf_c_version();
}
