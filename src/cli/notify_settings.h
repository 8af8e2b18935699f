#pragma once

#include "cli/config.h"
#include "notify/settings.h"

namespace sigap::cli {

// The Dispatcher's settings from the [notify] section of the configuration.
// The EHLO name is the host of notify.base_url (the server's public name).
notify::Settings NotifySettings(const Config::Notify& config);

}  // namespace sigap::cli
