#pragma once

#include <filesystem>
#include <memory>

#include "app/calendar_book.h"
#include "cli/config.h"
#include "domain/lifecycle.h"
#include "domain/result.h"
#include "store/store.h"

namespace sigap::cli {

// What the commands that run the case lifecycle (`sigap serve`, `sigap
// import cases`) build the same way from the configuration.

// The deadline rules of [sla].
domain::SlaPolicy SlaPolicyFrom(const Config::Sla& sla);

// The directory of Sigap's data files: calendar.data_dir, else
// DefaultDataDir(argv0) (`argv0` may be null).
std::filesystem::path DataDirFrom(const Config& config, const char* argv0 = nullptr);

// The Pemdas' working calendars: DataDirFrom(config)/calendar/YYYY.json
// with the cut-off calendar.cutoff. `store` must outlive the book. Fails
// with kInvalidArgument naming calendar.cutoff, or with the data files'
// error (the message says where they are expected).
[[nodiscard]] Result<std::unique_ptr<app::CalendarBook>> OpenCalendarBook(store::Store& store,
                                                                          const Config& config);

}  // namespace sigap::cli
