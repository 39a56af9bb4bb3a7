#pragma once

#include "common/expected.h"
#include "embedding/providersettings.h"
#include "math/similaritymatrix.h"

#include <QString>

namespace embedscope::workspace {

// One embedding run of a workspace's phrases: which provider and model, an
// optional instruction prefix put before every phrase (such as "query: "),
// and an optional truncation to the first dimensions, renormalised, for
// Matryoshka-style models.
struct RunSpec
{
    QString name; // shown in tables and exports; generated when empty
    embedding::ProviderSettings provider;
    QString prefix;
    int truncateTo = 0; // 0 keeps every dimension

    // "OpenRouter · text-embedding-3-small · first 256 dims · prefix "query: "".
    QString description() const;

    // The name if set, otherwise the model and any truncation.
    QString displayName() const;
};

// Parses a command-line run spec: comma-separated key=value pairs with the
// keys provider, base-url, model, api-key-env, dims, prefix and name, as in
// "provider=custom,base-url=http://127.0.0.1:8080/v1,model=a,dims=256".
Expected<RunSpec> parseRunSpec(const QString &text);

} // namespace embedscope::workspace
