#pragma once

#include "embeddingjob.h"
#include "providersettings.h"

#include <memory>

namespace embedscope::embedding {

// Fails on settings that cannot work at all, such as an HTTP provider
// without a base URL or a model. A missing key is reported later by the
// job, when the request is made.
Expected<bool> checkProviderSettings(const ProviderSettings &settings);

// Creates the provider that settings describe, behind a CachingProvider:
// every provider gets deduplication, and HTTP providers also get the
// persistent cache at its default path unless settings.useCache is off or
// the cache cannot be opened. The built-in provider is not cached, because
// computing its vectors is faster than reading them back.
Expected<std::shared_ptr<EmbeddingProvider>> createProvider(const ProviderSettings &settings);

// The description that the provider created from settings gives its
// vectors (EmbeddingProvider::description()), without creating it, so a
// caller can tell whether stored vectors came from these settings.
QString describeProvider(const ProviderSettings &settings);

} // namespace embedscope::embedding
