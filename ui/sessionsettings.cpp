#include "sessionsettings.h"

#include "embedding/batchplanner.h"

#include <QSettings>

namespace embedscope::ui {

static const QString PROVIDER_KIND = QStringLiteral("provider/kind");
static const QString PROVIDER_BASE_URL = QStringLiteral("provider/baseUrl");
static const QString PROVIDER_MODEL = QStringLiteral("provider/model");
static const QString PROVIDER_KEY_VARIABLE = QStringLiteral("provider/apiKeyVariable");
static const QString PROVIDER_DIMENSIONS = QStringLiteral("provider/dimensions");
static const QString PROVIDER_TIMEOUT = QStringLiteral("provider/timeoutSeconds");
static const QString PROVIDER_BATCH_SIZE = QStringLiteral("provider/batchSize");
static const QString PROVIDER_CONCURRENCY = QStringLiteral("provider/concurrency");
static const QString PROVIDER_RETRIES = QStringLiteral("provider/retries");
static const QString PROVIDER_ENCODING = QStringLiteral("provider/encoding");
static const QString METRIC = QStringLiteral("view/metric");
static const QString COMPARE_ORDER = QStringLiteral("compare/order");
static const QString COMPARE_NORMALISATION = QStringLiteral("compare/normalisation");
static const QString COMPARE_NEIGHBOURS = QStringLiteral("compare/neighbours");
static const QString COMPARE_SHARED_RANGE = QStringLiteral("compare/sharedRange");

// An integer setting within [minimum, maximum], else fallback: a hand-edited
// or damaged value must not reach the transfer code.
static int readBounded(const QSettings &settings, const QString &name, int minimum, int maximum, int fallback)
{
    bool ok = false;
    const int value = settings.value(name, fallback).toInt(&ok);
    return ok && value >= minimum && value <= maximum ? value : fallback;
}

static void readTransferSettings(const QSettings &settings, embedding::ProviderSettings &provider)
{
    provider.batchSize = readBounded(settings, PROVIDER_BATCH_SIZE, 1, embedding::OPENAI_MAX_INPUTS, provider.batchSize);
    provider.concurrency =
        readBounded(settings, PROVIDER_CONCURRENCY, 1, embedding::MAX_CONCURRENCY, provider.concurrency);
    provider.retry.maxRetries =
        readBounded(settings, PROVIDER_RETRIES, 0, embedding::MAX_RETRIES, provider.retry.maxRetries);

    const QString encoding = settings.value(PROVIDER_ENCODING).toString();
    if (encoding == u"float")
        provider.encoding = embedding::VectorEncoding::Float;
    else if (encoding == u"base64")
        provider.encoding = embedding::VectorEncoding::Base64;
}

static QString encodingSettingName(embedding::VectorEncoding encoding)
{
    switch (encoding) {
    case embedding::VectorEncoding::Float:
        return QStringLiteral("float");
    case embedding::VectorEncoding::Base64:
        return QStringLiteral("base64");
    case embedding::VectorEncoding::Automatic:
        break;
    }
    return QStringLiteral("automatic");
}

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
    readTransferSettings(settings, provider);
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
    settings.setValue(PROVIDER_BATCH_SIZE, provider.batchSize);
    settings.setValue(PROVIDER_CONCURRENCY, provider.concurrency);
    settings.setValue(PROVIDER_RETRIES, provider.retry.maxRetries);
    settings.setValue(PROVIDER_ENCODING, encodingSettingName(provider.encoding));
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

// Names written for the compare options, so that a reordered enum does not
// change what an existing settings file means.
static QString orderSettingName(compare::SharedOrder order)
{
    switch (order) {
    case compare::SharedOrder::Input:
        return QStringLiteral("input");
    case compare::SharedOrder::ClusteredA:
        return QStringLiteral("clusteredA");
    case compare::SharedOrder::ClusteredBoth:
        return QStringLiteral("clusteredBoth");
    }
    return {};
}

compare::CompareOptions readCompareOptions(const QSettings &settings, const compare::CompareOptions &fallback)
{
    compare::CompareOptions options = fallback;

    const QString order = settings.value(COMPARE_ORDER).toString();
    for (auto candidate :
         {compare::SharedOrder::Input, compare::SharedOrder::ClusteredA, compare::SharedOrder::ClusteredBoth}) {
        if (orderSettingName(candidate) == order)
            options.order = candidate;
    }

    const auto normalisation = math::normalisationFromName(settings.value(COMPARE_NORMALISATION).toString());
    if (normalisation)
        options.normalisation = *normalisation;

    options.neighbours =
        readBounded(settings, COMPARE_NEIGHBOURS, 1, compare::MAX_NEIGHBOURS, fallback.neighbours);
    const QVariant shared = settings.value(COMPARE_SHARED_RANGE);
    if (shared.isValid())
        options.sharedRange = shared.toBool();
    return options;
}

void writeCompareOptions(QSettings &settings, const compare::CompareOptions &options)
{
    settings.setValue(COMPARE_ORDER, orderSettingName(options.order));
    settings.setValue(COMPARE_NORMALISATION, math::normalisationName(options.normalisation));
    settings.setValue(COMPARE_NEIGHBOURS, options.neighbours);
    settings.setValue(COMPARE_SHARED_RANGE, options.sharedRange);
}

} // namespace embedscope::ui
