#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sigap::domain {

// Returns true when `text` is well-formed UTF-8 (no overlongs, no
// surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view text);

// The length in bytes of `text`'s first `characters` characters, counted
// as SQLite's substr() counts them: a byte from 0xC0 up with the
// continuation bytes after it is one character, any other byte is one.
// For valid UTF-8, the first `characters` code points.
size_t Utf8PrefixBytes(std::string_view text, size_t characters);

// Returns `text` with each byte that is not part of a well-formed UTF-8
// sequence replaced by U+FFFD: for writing stored text into a format that
// must be UTF-8 (a report's XML or PDF) whatever wrote it.
std::string ValidUtf8(std::string_view text);

// Returns the number of code points of well-formed UTF-8 text.
size_t CodePointCount(std::string_view text);

// Returns true when `text` has C0/C1 control characters other than tab,
// line feed and carriage return (or any at all when `allow_newlines` is
// false).
bool HasControlCharacters(std::string_view text, bool allow_newlines);

// Trims white space at both ends: ASCII's, and the Unicode characters that
// show nothing (no-break and ideographic spaces, zero-width spaces and
// joiners, direction marks, the byte-order mark), so that a title of
// U+00A0 alone is as empty as one of spaces.
std::string Trim(std::string_view text);

// The items of "a, b ,c": trimmed, empty ones left out.
std::vector<std::string> SplitCommaList(std::string_view text);

// Returns true when `text` is an absolute http or https URL (the scheme in
// any case, RFC 3986) with a host, and no white space or control
// character: a link a browser can open, as a case's media_url must be.
bool IsWebUrl(std::string_view text);

// What a citizen typed into a case's text, as the public sees it: e-mail
// addresses, telephone numbers (0812-3456-7890, +62 812 3456 7890),
// numbers of ten digits or more (NIK, KK, bank accounts) and a person's
// social media handle (@budi_s; not an institution's, @humas.semarang)
// become "[disamarkan]". Dates, amounts (Rp 2.400.000) and street numbers stay.
// Officers and the reporter see the text as written.
std::string MaskContactDetails(std::string_view text);

// The numbers MaskContactDetails masks in `text`, each as its digits
// alone, a country code 62 written as 0: "(024) 3515871", "024-3515871" and
// "+62 24 3515871" are all "0243515871".
std::vector<std::string> ContactNumbers(std::string_view text);

// MaskContactDetails, except that the numbers among `published` (as
// ContactNumbers gives them) stay as written: what the Pemda published as
// its own contacts (a call centre, an agency's office line) is not anyone's
// personal data, and an officer's public answer may give it. Every other
// number is masked as MaskContactDetails masks it.
std::string MaskContactDetails(std::string_view text, const std::vector<std::string>& published);

// The words of a person's name: its runs of letters of three bytes or
// more, ASCII case aside.
class NameWords {
 public:
  explicit NameWords(std::string_view name);
  bool empty() const { return words_.empty(); }
  // Replaces each of the words in `text` by `with` where it stands as a
  // whole word; leaves `text` as it is (no copy) when none is there.
  void Replace(std::string& text, std::string_view with) const;

 private:
  std::vector<std::string> words_;  // lower case
};

// `text` with each word of `name` (NameWords) replaced by a space where it
// stands as a whole word: what the detectors read of a case, so that a
// reporter who signed the text ("Hormat saya, Sukarni Wulandarisih") never
// becomes a topic's term. PostgreSQL's case_events_signal() (migration
// 0031) does the same.
std::string RemoveNameWords(std::string_view text, std::string_view name);

// A case's words as read by whoever may not know its reporter (the public;
// of an anonymous case, the agencies): MaskContactDetails, and each word of
// the reporter's name (NameWords) "[disamarkan]" too, so that "Saya
// Zulkarnaen Wirapraja, ..." does not undo the anonymity. Give NameWords
// to mask several texts of one case.
std::string MaskPersonalText(std::string_view text, const NameWords& reporter_name);
std::string MaskPersonalText(std::string_view text, std::string_view reporter_name);
// MaskPersonalText with the `published` numbers as written (see
// MaskContactDetails).
std::string MaskPersonalText(std::string_view text, std::string_view reporter_name,
                             const std::vector<std::string>& published);

}  // namespace sigap::domain
