#pragma once

#include <string>
#include <string_view>

namespace sigap::domain {

// Removes what a photo says besides its picture before Sigap keeps it:
// a phone's photo carries the place it was taken (EXIF GPS), the time, the
// device and sometimes the owner's name, which would locate an anonymous
// reporter for everyone who may open the photo.
//
// - JPEG: drops the APP1 (EXIF, XMP), APP13 (IPTC) and comment segments;
//   the EXIF orientation, without which a portrait photo shows on its side,
//   is kept in an EXIF segment of its own holding that tag alone.
// - PNG: drops the eXIf, tEXt, zTXt, iTXt and tIME chunks.
// - WebP: drops the EXIF and XMP chunks (and their flags in VP8X).
//
// `content_type` is the sniffed type ("image/jpeg", "image/png",
// "image/webp"); anything else, and a file whose structure cannot be
// followed to its end, is returned unchanged.
std::string StripImageMetadata(std::string_view content_type, std::string bytes);

}  // namespace sigap::domain
