#pragma once

#include "common/expected.h"
#include "providersettings.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>

namespace embedscope::embedding {

// The service name of Embedscope's entries in the OS keychain. Each entry
// is named after the environment variable that would hold the same key,
// such as OPENROUTER_API_KEY.
inline constexpr char KEYCHAIN_SERVICE[] = "Embedscope";

using ApiKeyCallback = std::function<void(const Expected<QByteArray> &key)>;

// Looks up the key that settings.apiKeyVariable names: the environment
// variable of that name, else the OS keychain entry of that name through
// QtKeychain. Keys are never read from a settings file. done receives an
// empty key when no variable is named (keyless local servers) and an error
// naming the variable when neither place has the key. A missing keychain
// service (a headless machine) counts as "no entry", and so does one that
// has not answered within 20 s. done runs exactly once, possibly before
// this returns, and not at all once context is destroyed. Setting
// EMBEDSCOPE_NO_KEYCHAIN skips the keychain, for tests and scripts.
void lookUpApiKey(const ProviderSettings &settings, QObject *context, ApiKeyCallback done);

// Stores key in the keychain entry name. done receives an empty string on
// success, else the keychain's error message; it runs once, later, unless
// context is destroyed first.
void storeApiKey(const QString &name, const QByteArray &key, QObject *context,
                 std::function<void(const QString &error)> done);

} // namespace embedscope::embedding
