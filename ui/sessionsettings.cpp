#include "sessionsettings.h"

#include <QSettings>

namespace embedscope::ui {

static const QString PROVIDER_KIND = QStringLiteral("provider/kind");
static const QString PROVIDER_BASE_URL = QStringLiteral("provider/baseUrl");
static const QString PROVIDER_MODEL = QStringLiteral("provider/model");
static const QString PROVIDER_KEY_VARIABLE = QStringLiteral("provider/apiKeyVariable");
static const QString PROVIDER_DIMENSIONS = QStringLiteral("provider/dimensions");
static const QString PROVIDER_TIMEOUT = QStringLiteral("provider/timeoutSeconds");
static const QString METRIC = QStringLiteral("view/metric");

embedding::ProviderSettings readProviderSettings(const QSettings &settings,
                                                 const embedding::ProviderSettings &fallback)
{
    const auto kind = embedding::parseProviderKind(settings.value(PROVIDER_KIND).toString());
    if (!kind)
        return fallback;

    // Fields missing from an older file fall back to the kind's preset.
    const embedding::ProviderSettings preset = embedding::presetFor(*kind);
    embedding::ProviderSettings provider;
    provider.kind = *kind;
    provider.baseUrl = settings.value(PROVIDER_BASE_URL, preset.baseUrl).toString();
    provider.model = settings.value(PROVIDER_MODEL, preset.model).toString();
    provider.apiKeyVariable = settings.value(PROVIDER_KEY_VARIABLE, preset.apiKeyVariable).toString();
    provider.dimensions = qMax(0, settings.value(PROVIDER_DIMENSIONS, preset.dimensions).toInt());
    provider.timeoutSeconds = settings.value(PROVIDER_TIMEOUT, preset.timeoutSeconds).toInt();
    if (provider.timeoutSeconds <= 0)
        provider.timeoutSeconds = preset.timeoutSeconds;
    return provider;
}

void writeProviderSettings(QSettings &settings, const embedding::ProviderSettings &provider)
{
    settings.setValue(PROVIDER_KIND, embedding::providerKindName(provider.kind));
    settings.setValue(PROVIDER_BASE_URL, provider.baseUrl);
    settings.setValue(PROVIDER_MODEL, provider.model);
    settings.setValue(PROVIDER_KEY_VARIABLE, provider.apiKeyVariable);
    settings.setValue(PROVIDER_DIMENSIONS, provider.dimensions);
    settings.setValue(PROVIDER_TIMEOUT, provider.timeoutSeconds);
}

math::Metric readMetric(const QSettings &settings, math::Metric fallback)
{
    const QString name = settings.value(METRIC).toString();
    for (math::Metric metric : {math::Metric::Cosine, math::Metric::Dot, math::Metric::Euclidean}) {
        if (math::metricName(metric) == name)
            return metric;
    }
    return fallback;
}

void writeMetric(QSettings &settings, math::Metric metric)
{
    settings.setValue(METRIC, math::metricName(metric));
}

} // namespace embedscope::ui
