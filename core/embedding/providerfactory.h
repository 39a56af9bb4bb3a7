#pragma once

#include "embeddingjob.h"
#include "providersettings.h"

#include <memory>

namespace embedscope::embedding {

// Creates the provider that settings describe. Fails on settings that cannot
// work at all, such as an HTTP provider without a base URL or a model; a
// missing key is reported by the job, when the request is made.
Expected<std::shared_ptr<EmbeddingProvider>> createProvider(const ProviderSettings &settings);

} // namespace embedscope::embedding
