#include "commandline.h"

#include <QCommandLineParser>
#include <QFileInfo>

namespace embedscope::app {

using embedding::ProviderKind;

static const QString RENDER = QStringLiteral("render");

static QString usageSummary()
{
    return QStringLiteral(
        "Usage: embedscope                      start the window\n"
        "       embedscope render INPUT -o OUT.png [options]\n"
        "       embedscope --version | --help | render --help\n");
}

static void addRenderOptions(QCommandLineParser &parser)
{
    parser.addPositionalArgument(QStringLiteral("INPUT"),
                                 QStringLiteral("Text file with one phrase per line, or - for standard input."));
    parser.addOptions({
        {{QStringLiteral("o"), QStringLiteral("output")},
         QStringLiteral("Write the heatmap to FILE (.png)."), QStringLiteral("FILE")},
        {QStringLiteral("provider"),
         QStringLiteral("Embedding provider: builtin, openrouter, openai, ollama, lmstudio or custom. "
                        "Default: openrouter when OPENROUTER_API_KEY is set, openai when OPENAI_API_KEY is, "
                        "otherwise builtin."),
         QStringLiteral("NAME")},
        {QStringLiteral("base-url"),
         QStringLiteral("OpenAI-compatible base URL, such as http://127.0.0.1:8080/v1. Implies --provider custom "
                        "unless a provider is given."),
         QStringLiteral("URL")},
        {QStringLiteral("model"), QStringLiteral("Model name sent to the server."), QStringLiteral("NAME")},
        {QStringLiteral("api-key-env"),
         QStringLiteral("Environment variable that holds the API key."), QStringLiteral("VAR")},
        {QStringLiteral("metric"), QStringLiteral("cosine (default), dot or euclidean."), QStringLiteral("NAME")},
        {QStringLiteral("matrix"), QStringLiteral("Also write the matrix with labels as CSV to FILE."),
         QStringLiteral("FILE")},
        {QStringLiteral("scores"),
         QStringLiteral("Also write the scores against the reference phrase, closest first, as CSV to FILE."),
         QStringLiteral("FILE")},
        {QStringLiteral("reference"),
         QStringLiteral("Position of the reference phrase for --scores, 1 for the first line (default 1)."),
         QStringLiteral("N")},
        {{QStringLiteral("v"), QStringLiteral("verbose")}, QStringLiteral("Log each request (never the key).")},
    });
    parser.addHelpOption();
}

static Expected<math::Metric> parseMetric(const QString &name)
{
    for (math::Metric metric : {math::Metric::Cosine, math::Metric::Dot, math::Metric::Euclidean}) {
        if (math::metricName(metric) == name.trimmed().toLower())
            return metric;
    }
    return fail(QStringLiteral("unknown metric \"%1\"; use cosine, dot or euclidean").arg(name));
}

static Expected<embedding::ProviderSettings> providerFromOptions(const QCommandLineParser &parser)
{
    embedding::ProviderSettings settings = embedding::defaultProviderSettings();
    if (parser.isSet(QStringLiteral("provider"))) {
        const auto kind = embedding::parseProviderKind(parser.value(QStringLiteral("provider")));
        if (!kind)
            return fail(kind.error());
        settings = embedding::presetFor(*kind);
    } else if (parser.isSet(QStringLiteral("base-url"))) {
        settings = embedding::presetFor(ProviderKind::Custom);
    }

    if (parser.isSet(QStringLiteral("base-url")))
        settings.baseUrl = parser.value(QStringLiteral("base-url"));
    if (parser.isSet(QStringLiteral("model")))
        settings.model = parser.value(QStringLiteral("model"));
    if (parser.isSet(QStringLiteral("api-key-env")))
        settings.apiKeyVariable = parser.value(QStringLiteral("api-key-env"));

    if (settings.kind == ProviderKind::Custom && settings.model.isEmpty())
        return fail(QStringLiteral("--provider custom needs --model NAME, the model the server expects"));
    return settings;
}

static Expected<int> parseReference(const QCommandLineParser &parser)
{
    if (!parser.isSet(QStringLiteral("reference")))
        return 0;
    bool ok = false;
    const int position = parser.value(QStringLiteral("reference")).toInt(&ok);
    if (!ok || position < 1)
        return fail(QStringLiteral("invalid --reference \"%1\"; give a line number, 1 for the first phrase")
                        .arg(parser.value(QStringLiteral("reference"))));
    return position - 1;
}

static Expected<Command> parseRender(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Embed phrases and write their similarity heatmap."));
    addRenderOptions(parser);
    if (!parser.parse(arguments))
        return fail(parser.errorText());

    Command command;
    if (parser.isSet(QStringLiteral("help"))) {
        command.kind = Command::Kind::Help;
        command.text = parser.helpText().replace(QStringLiteral("[options] INPUT"),
                                                 QStringLiteral("render [options] INPUT"));
        return command;
    }

    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return fail(QStringLiteral("render takes exactly one INPUT file (or - for standard input)"));
    if (!parser.isSet(QStringLiteral("output")))
        return fail(QStringLiteral("render needs -o OUT.png, the image to write"));

    RenderOptions &options = command.render;
    command.kind = Command::Kind::Render;
    options.input = positional.at(0);
    options.output = parser.value(QStringLiteral("output"));
    options.matrixPath = parser.value(QStringLiteral("matrix"));
    options.scoresPath = parser.value(QStringLiteral("scores"));
    options.verbose = parser.isSet(QStringLiteral("verbose"));

    if (QFileInfo(options.output).suffix().compare(u"png", Qt::CaseInsensitive) != 0)
        return fail(QStringLiteral("unsupported image format \"%1\"; the output must end in .png").arg(options.output));

    const auto provider = providerFromOptions(parser);
    if (!provider)
        return fail(provider.error());
    options.provider = *provider;

    if (parser.isSet(QStringLiteral("metric"))) {
        const auto metric = parseMetric(parser.value(QStringLiteral("metric")));
        if (!metric)
            return fail(metric.error());
        options.metric = *metric;
    }

    const auto reference = parseReference(parser);
    if (!reference)
        return fail(reference.error());
    options.reference = *reference;
    return command;
}

Expected<Command> parseCommandLine(const QStringList &arguments)
{
    Command command;
    if (arguments.size() < 2)
        return command;

    const QString first = arguments.at(1);
    if (first == RENDER)
        return parseRender(arguments.mid(0, 1) + arguments.mid(2));
    if (first == u"--version" || first == u"-V") {
        command.kind = Command::Kind::Version;
        command.text = QStringLiteral("embedscope " EMBEDSCOPE_VERSION "\n");
        return command;
    }
    if (first == u"--help" || first == u"-h" || first == u"help") {
        command.kind = Command::Kind::Help;
        command.text = usageSummary();
        return command;
    }
    // Anything starting with "-" is left to QApplication (-platform, -style ...).
    if (first.startsWith(u'-'))
        return command;
    return fail(QStringLiteral("unknown command \"%1\"\n%2").arg(first, usageSummary()));
}

} // namespace embedscope::app
