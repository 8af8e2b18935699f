#include "domain/image_metadata.h"

#include <algorithm>
#include <cstdint>
#include <optional>

namespace sigap::domain {
namespace {

uint8_t Byte(std::string_view s, size_t i) { return static_cast<uint8_t>(s[i]); }

// --- JPEG (ITU T.81, B.1; EXIF 2.32, 4.5) -----------------------------------

// The orientation (1..8) that an EXIF TIFF structure's first IFD holds, or 0.
int ExifOrientation(std::string_view tiff) {
  if (tiff.size() < 8) return 0;
  bool little;
  if (tiff.substr(0, 2) == "II") {
    little = true;
  } else if (tiff.substr(0, 2) == "MM") {
    little = false;
  } else {
    return 0;
  }
  auto u16 = [&](size_t at) -> uint32_t {
    return little ? Byte(tiff, at) | Byte(tiff, at + 1) << 8
                  : Byte(tiff, at) << 8 | Byte(tiff, at + 1);
  };
  auto u32 = [&](size_t at) -> uint64_t {
    return little ? uint64_t{u16(at)} | uint64_t{u16(at + 2)} << 16
                  : uint64_t{u16(at)} << 16 | uint64_t{u16(at + 2)};
  };
  if (u16(2) != 42) return 0;
  const uint64_t ifd = u32(4);
  if (ifd + 2 > tiff.size()) return 0;
  const uint32_t entries = u16(ifd);
  for (uint32_t e = 0; e < entries; ++e) {
    const uint64_t at = ifd + 2 + 12 * uint64_t{e};
    if (at + 12 > tiff.size()) return 0;
    if (u16(at) == 0x0112 && u16(at + 2) == 3) {  // Orientation, SHORT
      const uint32_t value = u16(at + 8);
      return value >= 1 && value <= 8 ? static_cast<int>(value) : 0;
    }
  }
  return 0;
}

// An APP1 segment holding an EXIF structure with the orientation alone.
std::string OrientationSegment(int orientation) {
  std::string s("\xFF\xE1", 2);
  const std::string payload = std::string("Exif\0\0", 6) + std::string("MM\0\x2A", 4) +
                              std::string("\0\0\0\x08", 4) +                // IFD0 at 8
                              std::string("\0\x01", 2) +                    // one entry
                              std::string("\x01\x12\0\x03\0\0\0\x01", 8) +  // Orientation, SHORT, 1
                              std::string("\0", 1) + static_cast<char>(orientation) +
                              std::string("\0\0", 2) +     // value, padded
                              std::string("\0\0\0\0", 4);  // no next IFD
  const size_t length = payload.size() + 2;
  s.push_back(static_cast<char>(length >> 8));
  s.push_back(static_cast<char>(length & 0xFF));
  return s + payload;
}

std::optional<std::string> StripJpeg(std::string_view in) {
  if (in.size() < 4 || Byte(in, 0) != 0xFF || Byte(in, 1) != 0xD8) return std::nullopt;
  std::string out(in.substr(0, 2));
  out.reserve(in.size());
  size_t i = 2;
  bool in_scan = false;  // after a start of scan: entropy-coded data until a marker
  size_t scan_from = 0;
  while (i < in.size()) {
    if (in_scan) {
      // Entropy-coded data: FF 00 is a stuffed byte, FF D0-D7 a restart.
      if (Byte(in, i) != 0xFF || i + 1 >= in.size()) {
        ++i;
        continue;
      }
      const uint8_t next = Byte(in, i + 1);
      if (next == 0x00 || (next >= 0xD0 && next <= 0xD7) || next == 0xFF) {
        i += next == 0xFF ? 1 : 2;
        continue;
      }
      out.append(in.substr(scan_from, i - scan_from));
      in_scan = false;
    }
    if (Byte(in, i) != 0xFF) return std::nullopt;
    while (i < in.size() && Byte(in, i) == 0xFF) ++i;  // fill bytes
    if (i >= in.size()) return std::nullopt;
    const uint8_t marker = Byte(in, i++);
    if (marker == 0xD9) {  // end of image: what follows (a trailer) is not kept
      out.append("\xFF\xD9", 2);
      return out;
    }
    if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
      out.push_back('\xFF');
      out.push_back(static_cast<char>(marker));
      continue;
    }
    if (i + 2 > in.size()) return std::nullopt;
    const size_t length = size_t{Byte(in, i)} << 8 | Byte(in, i + 1);
    if (length < 2 || i + length > in.size()) return std::nullopt;
    const std::string_view payload = in.substr(i + 2, length - 2);
    const bool exif = marker == 0xE1 && payload.substr(0, 6) == std::string_view("Exif\0\0", 6);
    // Of the application segments, only what decoding needs: JFIF (APP0),
    // the colour profile (APP2 "ICC_PROFILE") and Adobe's colour transform
    // (APP14). The rest (XMP, IPTC, MPF thumbnails, makers' data in APP2 to
    // APP15) and comments carry what a camera or an editor wrote.
    const bool application = marker >= 0xE0 && marker <= 0xEF;
    const bool needed =
        marker == 0xE0 ||
        (marker == 0xE2 && payload.substr(0, 12) == std::string_view("ICC_PROFILE\0", 12)) ||
        (marker == 0xEE && payload.substr(0, 5) == "Adobe");
    if (exif) {
      if (const int o = ExifOrientation(payload.substr(6)); o > 1) out += OrientationSegment(o);
    } else if ((!application || needed) && marker != 0xFE) {  // not a comment
      out.push_back('\xFF');
      out.push_back(static_cast<char>(marker));
      out.append(in.substr(i, length));
    }
    i += length;
    if (marker == 0xDA) {  // start of scan
      in_scan = true;
      scan_from = i;
    }
  }
  if (!in_scan) return std::nullopt;
  out.append(in.substr(scan_from));  // cut short in its scan: what is there, without metadata
  return out;
}

// --- PNG (ISO/IEC 15948, 5.3) ----------------------------------------------

std::optional<std::string> StripPng(std::string_view in) {
  constexpr std::string_view kSignature("\x89PNG\r\n\x1A\n", 8);
  if (in.substr(0, 8) != kSignature) return std::nullopt;
  std::string out(kSignature);
  out.reserve(in.size());
  size_t i = 8;
  while (i + 12 <= in.size()) {
    const uint64_t length = uint64_t{Byte(in, i)} << 24 | uint64_t{Byte(in, i + 1)} << 16 |
                            uint64_t{Byte(in, i + 2)} << 8 | Byte(in, i + 3);
    if (i + 12 + length > in.size()) return std::nullopt;
    const std::string_view type = in.substr(i + 4, 4);
    const size_t total = 12 + static_cast<size_t>(length);
    if (type != "eXIf" && type != "tEXt" && type != "zTXt" && type != "iTXt" && type != "tIME") {
      out.append(in.substr(i, total));
    }
    i += total;
    if (type == "IEND") return out;
  }
  return std::nullopt;
}

// --- WebP (RIFF; Google's WebP container specification) --------------------

uint32_t Le32(std::string_view s, size_t i) {
  return uint32_t{Byte(s, i)} | uint32_t{Byte(s, i + 1)} << 8 | uint32_t{Byte(s, i + 2)} << 16 |
         uint32_t{Byte(s, i + 3)} << 24;
}

std::optional<std::string> StripWebp(std::string_view in) {
  if (in.size() < 12 || in.substr(0, 4) != "RIFF" || in.substr(8, 4) != "WEBP") {
    return std::nullopt;
  }
  const uint64_t riff_end = uint64_t{Le32(in, 4)} + 8;
  if (riff_end > in.size()) return std::nullopt;
  std::string out(in.substr(0, 12));
  size_t i = 12;
  while (i + 8 <= riff_end) {
    const std::string_view fourcc = in.substr(i, 4);
    const uint64_t size = Le32(in, i + 4);
    const uint64_t total = 8 + size + (size & 1);
    if (i + 8 + size > riff_end) return std::nullopt;
    if (fourcc == "VP8X" && size >= 1) {
      std::string chunk(in.substr(i, static_cast<size_t>(std::min<uint64_t>(total, riff_end - i))));
      chunk[8] = static_cast<char>(Byte(chunk, 8) & ~0x0C);  // no EXIF (0x08) nor XMP (0x04)
      out += chunk;
    } else if (fourcc != "EXIF" && fourcc != "XMP ") {
      out.append(in.substr(i, static_cast<size_t>(std::min<uint64_t>(total, riff_end - i))));
    }
    i += static_cast<size_t>(total);
  }
  const uint32_t size = static_cast<uint32_t>(out.size() - 8);
  for (int b = 0; b < 4; ++b) out[4 + b] = static_cast<char>((size >> (8 * b)) & 0xFF);
  return out;
}

}  // namespace

std::string StripImageMetadata(std::string_view content_type, std::string bytes) {
  std::optional<std::string> stripped;
  if (content_type == "image/jpeg") {
    stripped = StripJpeg(bytes);
  } else if (content_type == "image/png") {
    stripped = StripPng(bytes);
  } else if (content_type == "image/webp") {
    stripped = StripWebp(bytes);
  }
  return stripped ? std::move(*stripped) : std::move(bytes);
}

}  // namespace sigap::domain
