// What a photo says besides its picture is not kept: the place, time and
// device a phone writes would locate an anonymous reporter.
#include "domain/image_metadata.h"

#include <gtest/gtest.h>

#include <string>

namespace sigap::domain {
namespace {

std::string Bytes(std::initializer_list<int> values) {
  std::string out;
  for (const int v : values) out.push_back(static_cast<char>(v));
  return out;
}

std::string Segment(int marker, const std::string& payload) {
  const size_t length = payload.size() + 2;
  return Bytes({0xFF, marker, static_cast<int>(length >> 8), static_cast<int>(length & 0xFF)}) +
         payload;
}

// An EXIF APP1 payload (little-endian TIFF): IFD0 with the orientation and a
// GPS IFD pointer, then the GPS IFD's bytes with a readable marker.
std::string ExifPayload(int orientation) {
  std::string tiff = "II" + Bytes({0x2A, 0, 8, 0, 0, 0});
  tiff += Bytes({2, 0});                                                // two entries
  tiff += Bytes({0x12, 0x01, 3, 0, 1, 0, 0, 0, orientation, 0, 0, 0});  // Orientation
  tiff += Bytes({0x25, 0x88, 4, 0, 1, 0, 0, 0, 38, 0, 0, 0});           // GPS IFD at 38
  tiff += Bytes({0, 0, 0, 0});                                          // no next IFD
  tiff += "GPS -6.9932 110.4203 Jl. Pemuda 12";
  return std::string("Exif\0\0", 6) + tiff;
}

const std::string kScan = Bytes({0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0x78});

std::string Jpeg(const std::string& metadata) {
  return Bytes({0xFF, 0xD8}) + Segment(0xE0, std::string("JFIF\0\x01\x01\0\0\x01\0\x01\0\0", 14)) +
         metadata + Segment(0xDB, std::string(65, '\x01')) +
         Segment(0xDA, Bytes({1, 1, 0, 0, 0x3F, 0})) + kScan + Bytes({0xFF, 0xD9});
}

TEST(ImageMetadata, AJpegKeepsItsPictureAndOrientationButNotWhereOrWho) {
  // Makers' and editors' segments too (a security tester's APP2 and APP15
  // had survived), but the colour profile and Adobe's transform stay.
  const std::string metadata = Segment(0xE1, ExifPayload(6)) +
                               Segment(0xE1, std::string("http://ns.adobe.com/xap/1.0/") + '\0' +
                                                 "<x:xmpmeta>Budi Santoso</x:xmpmeta>") +
                               Segment(0xED, "Photoshop 3.0 IPTC Kota Semarang") +
                               Segment(0xE2, std::string("MPF\0", 4) + "Budi thumbnail") +
                               Segment(0xEF, "Budi APP15") + Segment(0xE5, "Budi APP5") +
                               Segment(0xE2, std::string("ICC_PROFILE\0", 12) + "sRGB") +
                               Segment(0xEE, "Adobe\0\x64") + Segment(0xFE, "HP milik Budi");
  const std::string photo = Jpeg(metadata) + "SEFT trailer 110.4203";

  const std::string kept = StripImageMetadata("image/jpeg", photo);

  for (const char* gone : {"GPS", "110.4203", "Budi", "IPTC", "SEFT"}) {
    EXPECT_EQ(kept.find(gone), std::string::npos) << gone;
  }
  EXPECT_EQ(kept.substr(0, 2), Bytes({0xFF, 0xD8}));
  EXPECT_NE(kept.find("JFIF"), std::string::npos);
  EXPECT_NE(kept.find("ICC_PROFILE"), std::string::npos);
  EXPECT_NE(kept.find("Adobe"), std::string::npos);
  EXPECT_NE(kept.find(kScan), std::string::npos);  // the picture, byte for byte
  EXPECT_EQ(kept.substr(kept.size() - 2), Bytes({0xFF, 0xD9}));
  // The orientation alone, in an EXIF segment of its own: a portrait photo
  // still shows upright.
  const size_t exif = kept.find(std::string("Exif\0\0", 6));
  ASSERT_NE(exif, std::string::npos);
  EXPECT_EQ(kept.substr(exif + 6, 4), std::string("MM\0\x2A", 4));
  EXPECT_NE(kept.find(Bytes({0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6})), std::string::npos);
  // And stripping again changes nothing.
  EXPECT_EQ(StripImageMetadata("image/jpeg", kept), kept);
}

TEST(ImageMetadata, AJpegWithoutMetadataIsUnchanged) {
  const std::string plain = Jpeg("");
  EXPECT_EQ(StripImageMetadata("image/jpeg", plain), plain);
  // An upright photo needs no orientation: none is written.
  const std::string upright = StripImageMetadata("image/jpeg", Jpeg(Segment(0xE1, ExifPayload(1))));
  EXPECT_EQ(upright, plain);
}

TEST(ImageMetadata, APngKeepsItsImageChunksOnly) {
  auto chunk = [](const std::string& type, const std::string& data) {
    const size_t n = data.size();
    return Bytes({0, 0, static_cast<int>(n >> 8), static_cast<int>(n & 0xFF)}) + type + data +
           Bytes({0, 0, 0, 0});
  };
  const std::string head("\x89PNG\r\n\x1A\n", 8);
  const std::string ihdr = chunk("IHDR", std::string(13, '\x01'));
  const std::string idat = chunk("IDAT", "gambar");
  const std::string iend = chunk("IEND", "");
  const std::string png = head + ihdr + chunk("tEXt", std::string("Author\0Budi", 11)) +
                          chunk("eXIf", "GPS -6.99") + chunk("tIME", "2026120") + idat + iend +
                          "sisa";

  EXPECT_EQ(StripImageMetadata("image/png", png), head + ihdr + idat + iend);
}

TEST(ImageMetadata, AWebpLosesItsExifAndXmpAndSaysSo) {
  auto chunk = [](const std::string& fourcc, const std::string& data) {
    const size_t n = data.size();
    std::string out =
        fourcc + Bytes({static_cast<int>(n & 0xFF), static_cast<int>(n >> 8), 0, 0}) + data;
    if (n % 2) out.push_back('\0');
    return out;
  };
  auto riff = [](const std::string& body) {
    const size_t n = body.size() + 4;
    return "RIFF" + Bytes({static_cast<int>(n & 0xFF), static_cast<int>((n >> 8) & 0xFF), 0, 0}) +
           "WEBP" + body;
  };
  const std::string vp8 = chunk("VP8 ", "gambar!");
  const std::string webp = riff(chunk("VP8X", Bytes({0x2C, 0, 0, 0, 9, 0, 0, 9, 0, 0})) + vp8 +
                                chunk("EXIF", "GPS -6.99 110.42") + chunk("XMP ", "<x>Budi</x>"));

  const std::string kept = StripImageMetadata("image/webp", webp);

  EXPECT_EQ(kept, riff(chunk("VP8X", Bytes({0x20, 0, 0, 0, 9, 0, 0, 9, 0, 0})) + vp8));
}

TEST(ImageMetadata, WhatCannotBeFollowedOrIsNoImageIsLeftAlone) {
  const std::string cut = Bytes({0xFF, 0xD8, 0xFF, 0xE1, 0x40});  // a length past the end
  const std::string pdf = "%PDF-1.7 /Author (Budi)";
  EXPECT_EQ(StripImageMetadata("image/jpeg", cut), cut);
  EXPECT_EQ(StripImageMetadata("application/pdf", pdf), pdf);
}

}  // namespace
}  // namespace sigap::domain
