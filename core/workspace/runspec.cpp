#include "runspec.h"

#include <QHash>
#include <QStringList>

namespace embedscope::workspace {

using embedding::ProviderKind;

QString RunSpec::description() const
{
    QStringList parts{embedding::providerKindTitle(provider.kind)};
    if (provider.kind == ProviderKind::Custom)
        parts.last() = provider.baseUrl;
    if (!provider.model.isEmpty())
        parts.append(provider.model);
    if (provider.dimensions > 0)
        parts.append(QStringLiteral("%1 dims requested").arg(provider.dimensions));
    if (truncateTo > 0)
        parts.append(QStringLiteral("first %1 dims").arg(truncateTo));
    if (!prefix.isEmpty())
        parts.append(QStringLiteral("prefix \"%1\"").arg(prefix));
    return parts.join(QStringLiteral(" · "));
}

QString RunSpec::displayName() const
{
    if (!name.isEmpty())
        return name;
    QString generated = provider.model.isEmpty() ? embedding::providerKindTitle(provider.kind) : provider.model;
    if (truncateTo > 0)
        generated += QStringLiteral(" @%1").arg(truncateTo);
    if (!prefix.isEmpty())
        generated += QStringLiteral(" (\"%1\")").arg(prefix.trimmed());
    return generated;
}

static Expected<int> parseDimensions(const QString &value)
{
    bool ok = false;
    const int dimensions = value.toInt(&ok);
    if (!ok || dimensions < 1)
        return fail(QStringLiteral("invalid dims \"%1\" in run spec; give a positive number such as dims=256").arg(value));
    return dimensions;
}

static const QStringList RUN_SPEC_KEYS{QStringLiteral("provider"), QStringLiteral("base-url"), QStringLiteral("model"),
                                       QStringLiteral("api-key-env"), QStringLiteral("dims"), QStringLiteral("prefix"),
                                       QStringLiteral("name")};

// Splits "key=value,key=value" into a map, rejecting unknown keys.
static Expected<QHash<QString, QString>> splitPairs(const QString &text)
{
    QHash<QString, QString> pairs;
    for (const QString &pair : text.split(u',', Qt::SkipEmptyParts)) {
        const qsizetype equals = pair.indexOf(u'=');
        if (equals <= 0)
            return fail(QStringLiteral("invalid run spec part \"%1\"; write key=value pairs separated by commas, "
                                       "such as provider=builtin")
                            .arg(pair));
        const QString key = pair.left(equals).trimmed().toLower();
        if (!RUN_SPEC_KEYS.contains(key))
            return fail(QStringLiteral("unknown key \"%1\" in run spec; use %2").arg(key, RUN_SPEC_KEYS.join(u", ")));
        // A prefix keeps its spaces: "query: " differs from "query:".
        pairs.insert(key, key == u"prefix" ? pair.mid(equals + 1) : pair.mid(equals + 1).trimmed());
    }
    return pairs;
}

Expected<RunSpec> parseRunSpec(const QString &text)
{
    const auto pairs = splitPairs(text);
    if (!pairs)
        return fail(pairs.error());

    // Start from the provider's preset, then apply what the spec overrides.
    // A base URL without a provider means a custom endpoint, as in render.
    ProviderKind kind = pairs->contains(QStringLiteral("base-url")) ? ProviderKind::Custom : ProviderKind::Builtin;
    if (pairs->contains(QStringLiteral("provider"))) {
        const auto parsed = embedding::parseProviderKind(pairs->value(QStringLiteral("provider")));
        if (!parsed)
            return fail(parsed.error());
        kind = *parsed;
    }

    RunSpec spec;
    spec.provider = embedding::presetFor(kind);
    if (pairs->contains(QStringLiteral("base-url")))
        spec.provider.baseUrl = pairs->value(QStringLiteral("base-url"));
    if (pairs->contains(QStringLiteral("model")))
        spec.provider.model = pairs->value(QStringLiteral("model"));
    if (pairs->contains(QStringLiteral("api-key-env")))
        spec.provider.apiKeyVariable = pairs->value(QStringLiteral("api-key-env"));
    spec.prefix = pairs->value(QStringLiteral("prefix"));
    spec.name = pairs->value(QStringLiteral("name"));

    if (pairs->contains(QStringLiteral("dims"))) {
        const auto dimensions = parseDimensions(pairs->value(QStringLiteral("dims")));
        if (!dimensions)
            return fail(dimensions.error());
        spec.truncateTo = *dimensions;
    }
    if (kind == ProviderKind::Custom && spec.provider.model.isEmpty())
        return fail(QStringLiteral("run spec \"%1\" names a custom endpoint but no model; add model=NAME").arg(text));
    return spec;
}

} // namespace embedscope::workspace
