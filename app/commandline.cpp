#include "commandline.h"

#include "transferoptions.h"

#include "embedding/providerfactory.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QLocale>

#include <cmath>
#include <initializer_list>
#include <utility>

namespace embedscope::app {

using embedding::ProviderKind;

static const QString RENDER = QStringLiteral("render");

static const QString ANALYZE = QStringLiteral("analyze");
static const QString COMPARE = QStringLiteral("compare");

static QString usageSummary()
{
    return QStringLiteral(
        "Usage: embedscope                      start the window\n"
        "       embedscope render INPUT -o OUT.png|OUT.svg [options]\n"
        "       embedscope analyze INPUT --report FILE.json [options]\n"
        "       embedscope compare INPUT --run SPEC --run SPEC [--report FILE.json] [-o DIFF.png]\n"
        "       embedscope --version | --help | COMMAND --help\n");
}

// Rewords a QCommandLineParser error, a sentence such as "Unknown option
// 'x'.", as our lower-case clause that ends with what to do.
static QString parseError(const QCommandLineParser &parser, const QString &command)
{
    QString message = parser.errorText();
    if (message.endsWith(u'.'))
        message.chop(1);
    if (!message.isEmpty())
        message[0] = message.at(0).toLower();
    return QStringLiteral("%1; run embedscope %2 --help for the list of options").arg(message, command);
}

static void addInputArgument(QCommandLineParser &parser)
{
    parser.addPositionalArgument(QStringLiteral("INPUT"),
                                 QStringLiteral("Phrases: a text file with one per line, a .csv, .tsv or .jsonl file "
                                                "with a text column, or - for standard input."));
    parser.addOptions({
        {QStringLiteral("text-column"),
         QStringLiteral("Column (header name, or number from 1) or JSON field that holds the phrases. "
                        "Default: the one named like text or phrase."),
         QStringLiteral("COLUMN")},
        {QStringLiteral("label-column"),
         QStringLiteral("Column or JSON field that holds each phrase's expected label. Default: the one "
                        "named like label or category."),
         QStringLiteral("COLUMN")},
    });
}

static InputColumns inputColumnsFrom(const QCommandLineParser &parser)
{
    return {text::parseColumnChoice(parser.value(QStringLiteral("text-column"))),
            text::parseColumnChoice(parser.value(QStringLiteral("label-column")))};
}

static void addProviderOptions(QCommandLineParser &parser)
{
    parser.addOptions({
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
        {{QStringLiteral("v"), QStringLiteral("verbose")}, QStringLiteral("Log each request (never the key).")},
    });
}


// Accepted --max-size values. A grid under 100 pixels shows little, and a
// PNG with a 30000-pixel grid at the default scale takes about 15 GB.
static constexpr double MIN_GRID_SIDE = 100.0;
static constexpr double MAX_GRID_SIDE = 30000.0;

// --max-size of render and compare, which cap their heatmap's grid alike.
static QCommandLineOption maxSizeOption()
{
    return {QStringLiteral("max-size"),
            QStringLiteral("Largest side of the heatmap's grid in logical pixels, 100 to 30000 (default 2000). "
                           "Longer lists get smaller cells and fewer labels. Raise it to label more rows. The grid "
                           "stays larger than N where the labels or the color bar's caption need the room."),
            QStringLiteral("N")};
}

static void addRenderOptions(QCommandLineParser &parser)
{
    addInputArgument(parser);
    addProviderOptions(parser);
    addTransferOptions(parser);
    parser.addOptions({
        {{QStringLiteral("o"), QStringLiteral("output")},
         QStringLiteral("Write the heatmap to FILE, as PNG for .png and as SVG for .svg."), QStringLiteral("FILE")},
        {QStringLiteral("matrix"), QStringLiteral("Also write the matrix with labels as CSV to FILE, or - for standard output."),
         QStringLiteral("FILE")},
        {QStringLiteral("scores"),
         QStringLiteral("Also write the scores against the reference phrase, closest first, as CSV to FILE, or - for standard output."),
         QStringLiteral("FILE")},
        {QStringLiteral("reference"),
         QStringLiteral("Position of the reference phrase for --scores, 1 for the first line (default 1)."),
         QStringLiteral("N")},
        {QStringLiteral("order"),
         QStringLiteral("Row and column order of the heatmap and --matrix: original (default), clustered "
                        "(average linkage, with dendrograms) or reference (closest to --reference first)."),
         QStringLiteral("MODE")},
        {QStringLiteral("colormap"),
         QStringLiteral("auto (default: Greens, or RdBu_r centred on 0 when a score is negative), Greens, "
                        "Blues, viridis, cividis or RdBu_r."),
         QStringLiteral("NAME")},
        {QStringLiteral("vmin"), QStringLiteral("Score at the low end of the color scale."), QStringLiteral("X")},
        {QStringLiteral("vmax"), QStringLiteral("Score at the high end of the color scale."), QStringLiteral("X")},
        {QStringLiteral("scale"),
         QStringLiteral("PNG pixels per logical pixel, above 0 and at most 8 (default 2)."), QStringLiteral("N")},
        maxSizeOption(),
    });
    parser.addHelpOption();
}

static Expected<std::optional<double>> readOptionalNumber(const QCommandLineParser &parser, const QString &name)
{
    if (!parser.isSet(name))
        return std::optional<double>();
    bool ok = false;
    const double value = QLocale::c().toDouble(parser.value(name), &ok);
    if (!ok || !std::isfinite(value))
        return fail(QStringLiteral("invalid --%1 \"%2\"; give a number such as 0.5").arg(name, parser.value(name)));
    return std::optional<double>(value);
}

// Reads --max-size, or the default grid cap when it is not given.
static Expected<double> readMaxSize(const QCommandLineParser &parser)
{
    const auto maxSize = readOptionalNumber(parser, QStringLiteral("max-size"));
    if (!maxSize)
        return fail(maxSize.error());
    if (*maxSize && !(**maxSize >= MIN_GRID_SIDE && **maxSize <= MAX_GRID_SIDE))
        return fail(QStringLiteral("invalid --max-size %1; use a value from %2 to %3")
                        .arg(**maxSize)
                        .arg(MIN_GRID_SIDE)
                        .arg(MAX_GRID_SIDE));
    return maxSize->value_or(render::DEFAULT_MAX_GRID_SIDE);
}

// Reads --order, --colormap, --vmin, --vmax, --scale and --max-size into
// options.
static Expected<bool> parseViewOptions(const QCommandLineParser &parser, RenderOptions &options)
{
    if (parser.isSet(QStringLiteral("order"))) {
        const auto order = math::orderModeFromName(parser.value(QStringLiteral("order")).trimmed());
        if (!order)
            return fail(QStringLiteral("unknown --order \"%1\"; use original, clustered or reference")
                            .arg(parser.value(QStringLiteral("order"))));
        options.order = *order;
    }
    if (parser.isSet(QStringLiteral("colormap"))) {
        const auto colormap = render::colormapFromName(parser.value(QStringLiteral("colormap")).trimmed());
        if (!colormap)
            return fail(QStringLiteral("unknown --colormap \"%1\"; use auto, Greens, Blues, viridis, cividis or RdBu_r")
                            .arg(parser.value(QStringLiteral("colormap"))));
        options.colormap = *colormap;
    }

    const auto vmin = readOptionalNumber(parser, QStringLiteral("vmin"));
    if (!vmin)
        return fail(vmin.error());
    const auto vmax = readOptionalNumber(parser, QStringLiteral("vmax"));
    if (!vmax)
        return fail(vmax.error());
    options.vmin = *vmin;
    options.vmax = *vmax;
    if (options.vmin && options.vmax && !(*options.vmin < *options.vmax))
        return fail(QStringLiteral("--vmin %1 must be below --vmax %2").arg(*options.vmin).arg(*options.vmax));

    const auto scale = readOptionalNumber(parser, QStringLiteral("scale"));
    if (!scale)
        return fail(scale.error());
    if (*scale && !(**scale > 0.0 && **scale <= 8.0))
        return fail(QStringLiteral("invalid --scale %1; use a value above 0 and at most 8").arg(**scale));
    options.scale = scale->value_or(2.0);

    const auto maxSize = readMaxSize(parser);
    if (!maxSize)
        return fail(maxSize.error());
    options.maxSize = *maxSize;
    return true;
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

    // A malformed URL is a usage error, found before any file is read.
    const auto checked = embedding::checkProviderSettings(settings);
    if (!checked)
        return fail(checked.error());
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

// Rejects an output file whose folder does not exist before any request is
// sent, so a paid embedding is not spent on a result that cannot be saved.
// "-" (standard output) and unset options pass.
static Expected<bool> checkOutputFolders(std::initializer_list<std::pair<QString, QString>> outputs)
{
    for (const auto &[option, path] : outputs) {
        if (path.isEmpty() || path == u"-")
            continue;
        const QFileInfo folder(QFileInfo(path).absolutePath());
        if (!folder.isDir()) {
            return fail(QStringLiteral("the folder of %1 \"%2\" does not exist: %3; create it first or write "
                                       "elsewhere")
                            .arg(option, path, folder.filePath()));
        }
    }
    return true;
}

static Expected<Command> parseRender(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Embed phrases and write their similarity heatmap."));
    addRenderOptions(parser);
    if (!parser.parse(arguments))
        return fail(parseError(parser, RENDER));

    Command command;
    if (parser.isSet(QStringLiteral("help"))) {
        command.kind = Command::Kind::Help;
        command.text = parser.helpText()
                           .replace(QStringLiteral("<executable_name>"), QStringLiteral("embedscope"))
                           .replace(QStringLiteral("[options] INPUT"),
                                                 QStringLiteral("render [options] INPUT"));
        return command;
    }

    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return fail(QStringLiteral("render takes exactly one INPUT file (or - for standard input)"));
    if (!parser.isSet(QStringLiteral("output")))
        return fail(QStringLiteral("render needs -o OUT.png or -o OUT.svg, the image to write"));

    RenderOptions &options = command.render;
    command.kind = Command::Kind::Render;
    options.input = positional.at(0);
    options.columns = inputColumnsFrom(parser);
    options.output = parser.value(QStringLiteral("output"));
    options.matrixPath = parser.value(QStringLiteral("matrix"));
    options.scoresPath = parser.value(QStringLiteral("scores"));
    options.verbose = parser.isSet(QStringLiteral("verbose"));

    const QString suffix = QFileInfo(options.output).suffix();
    if (suffix.compare(u"png", Qt::CaseInsensitive) != 0 && suffix.compare(u"svg", Qt::CaseInsensitive) != 0)
        return fail(QStringLiteral("unsupported image format \"%1\"; the output must end in .png or .svg")
                        .arg(options.output));
    const auto folders = checkOutputFolders({{QStringLiteral("-o"), options.output},
                                             {QStringLiteral("--matrix"), options.matrixPath},
                                             {QStringLiteral("--scores"), options.scoresPath}});
    if (!folders)
        return fail(folders.error());

    const auto provider = providerFromOptions(parser);
    if (!provider)
        return fail(provider.error());
    options.provider = *provider;
    const auto transfer = applyTransferOptions(parser, options.provider);
    if (!transfer)
        return fail(transfer.error());

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

    const auto view = parseViewOptions(parser, options);
    if (!view)
        return fail(view.error());
    return command;
}

// Reads an integer option, or leaves value unchanged when the option is
// absent.
static Expected<bool> readCount(const QCommandLineParser &parser, const QString &name, int minimum, int &value)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const int parsed = parser.value(name).toInt(&ok);
    if (!ok || parsed < minimum)
        return fail(QStringLiteral("invalid --%1 \"%2\"; give a whole number of at least %3")
                        .arg(name, parser.value(name))
                        .arg(minimum));
    value = parsed;
    return true;
}

static Expected<double> readNumber(const QCommandLineParser &parser, const QString &name)
{
    bool ok = false;
    const double parsed = parser.value(name).toDouble(&ok);
    if (!ok || !std::isfinite(parsed))
        return fail(QStringLiteral("invalid --%1 \"%2\"; give a number such as 0.9").arg(name, parser.value(name)));
    return parsed;
}

static Expected<math::Linkage> parseLinkage(const QString &name)
{
    for (math::Linkage linkage : {math::Linkage::Average, math::Linkage::Complete, math::Linkage::Single}) {
        if (math::linkageName(linkage) == name.trimmed().toLower())
            return linkage;
    }
    return fail(QStringLiteral("unknown linkage \"%1\"; use average, complete or single").arg(name));
}

static Command helpCommand(const QCommandLineParser &parser, const QString &name)
{
    Command command;
    command.kind = Command::Kind::Help;
    // Without an application object the parser cannot know the program's
    // name and prints a placeholder.
    command.text = parser.helpText()
                       .replace(QStringLiteral("<executable_name>"), QStringLiteral("embedscope"))
                       .replace(QStringLiteral("[options] INPUT"), name + QStringLiteral(" [options] INPUT"));
    return command;
}

static Expected<QString> singleInput(const QCommandLineParser &parser, const QString &name)
{
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return fail(QStringLiteral("%1 takes exactly one INPUT file (or - for standard input)").arg(name));
    return positional.at(0);
}

static Expected<Command> parseAnalyze(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Embed phrases and write neighbours, near-duplicates, clusters, outliers, score "
                       "distributions and, with --labels, a classification as JSON."));
    addInputArgument(parser);
    addProviderOptions(parser);
    parser.addOptions({
        {QStringLiteral("report"), QStringLiteral("Write the JSON report to FILE, or - for standard output."), QStringLiteral("FILE")},
        {QStringLiteral("labels"),
         QStringLiteral("Classify every phrase against the labels in FILE, one per line, optionally "
                        "\"name: description\"; the description is embedded with the name."),
         QStringLiteral("FILE")},
        {QStringLiteral("query"), QStringLiteral("Add a search ranking of every phrase against TEXT."),
         QStringLiteral("TEXT")},
        {QStringLiteral("neighbours"), QStringLiteral("Neighbours listed per phrase (default 5)."), QStringLiteral("K")},
        {QStringLiteral("duplicate-threshold"),
         QStringLiteral("List pairs scoring at least this as near-duplicates (cosine default 0.95)."),
         QStringLiteral("SCORE")},
        {QStringLiteral("clusters"), QStringLiteral("Cut the clustering into at most N clusters."), QStringLiteral("N")},
        {QStringLiteral("cut-distance"),
         QStringLiteral("Cut the clustering at this distance, 1 - cosine (default 0.5)."), QStringLiteral("D")},
        {QStringLiteral("linkage"), QStringLiteral("average (default), complete or single."), QStringLiteral("NAME")},
        {QStringLiteral("reference"),
         QStringLiteral("Also report the score distribution of phrase N, 1 for the first line."), QStringLiteral("N")},
    });
    parser.addHelpOption();
    if (!parser.parse(arguments))
        return fail(parseError(parser, ANALYZE));
    if (parser.isSet(QStringLiteral("help")))
        return helpCommand(parser, ANALYZE);

    Command command;
    command.kind = Command::Kind::Analyze;
    AnalyzeOptions &options = command.analyze;
    const auto input = singleInput(parser, ANALYZE);
    if (!input)
        return fail(input.error());
    options.input = *input;
    options.columns = inputColumnsFrom(parser);
    if (!parser.isSet(QStringLiteral("report")))
        return fail(QStringLiteral("analyze needs --report FILE.json, the report to write"));
    options.reportPath = parser.value(QStringLiteral("report"));
    options.labelsPath = parser.value(QStringLiteral("labels"));
    options.query = parser.value(QStringLiteral("query"));
    options.verbose = parser.isSet(QStringLiteral("verbose"));
    if (parser.isSet(QStringLiteral("query")) && options.query.trimmed().isEmpty())
        return fail(QStringLiteral("--query is empty; give the text to rank the phrases against, such as "
                                   "--query \"fast cars\""));
    const auto folders = checkOutputFolders({{QStringLiteral("--report"), options.reportPath}});
    if (!folders)
        return fail(folders.error());

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
    if (parser.isSet(QStringLiteral("linkage"))) {
        const auto linkage = parseLinkage(parser.value(QStringLiteral("linkage")));
        if (!linkage)
            return fail(linkage.error());
        options.linkage = *linkage;
    }

    const auto neighbours = readCount(parser, QStringLiteral("neighbours"), 1, options.neighbours);
    if (!neighbours)
        return fail(neighbours.error());
    if (parser.isSet(QStringLiteral("clusters"))) {
        int count = 0;
        const auto read = readCount(parser, QStringLiteral("clusters"), 1, count);
        if (!read)
            return fail(read.error());
        options.clusterCount = count;
    }
    if (parser.isSet(QStringLiteral("reference"))) {
        int position = 0;
        const auto read = readCount(parser, QStringLiteral("reference"), 1, position);
        if (!read)
            return fail(read.error());
        options.reference = position - 1;
    }
    if (parser.isSet(QStringLiteral("clusters")) && parser.isSet(QStringLiteral("cut-distance")))
        return fail(QStringLiteral("--clusters and --cut-distance both choose where to cut the clustering; "
                                   "give only one of them"));
    for (const QString &name : {QStringLiteral("duplicate-threshold"), QStringLiteral("cut-distance")}) {
        if (!parser.isSet(name))
            continue;
        const auto number = readNumber(parser, name);
        if (!number)
            return fail(number.error());
        if (name == u"cut-distance")
            options.clusterDistance = *number;
        else
            options.nearDuplicateThreshold = float(*number);
    }
    return command;
}

static Expected<math::Normalisation> parseNormalisation(const QString &name)
{
    if (const auto normalisation = math::normalisationFromName(name))
        return *normalisation;
    return fail(QStringLiteral("unknown normalisation \"%1\"; use rank, zscore or none").arg(name));
}

// Parses compare's --order, whose names match the window's order choices.
static Expected<ui::compare::SharedOrder> parseSharedOrder(const QString &name)
{
    using ui::compare::SharedOrder;
    const QString trimmed = name.trimmed();
    if (trimmed == u"original")
        return SharedOrder::Input;
    if (trimmed == u"clustered")
        return SharedOrder::ClusteredA;
    if (trimmed == u"joint")
        return SharedOrder::ClusteredBoth;
    return fail(QStringLiteral("unknown --order \"%1\"; use original, clustered or joint").arg(name));
}

static Expected<Command> parseCompare(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Embed the same phrases with two or more runs and report how they agree. A run SPEC is "
                       "comma-separated key=value pairs: provider, base-url, model, api-key-env, dims (keep the "
                       "first N dimensions, renormalised), prefix and name; for example "
                       "provider=custom,base-url=http://127.0.0.1:8080/v1,model=a or provider=builtin."));
    addInputArgument(parser);
    parser.addOptions({
        {QStringLiteral("run"), QStringLiteral("An embedding run; give two or more."), QStringLiteral("SPEC")},
        {QStringLiteral("report"), QStringLiteral("Write the agreement figures as JSON to FILE."), QStringLiteral("FILE")},
        {{QStringLiteral("o"), QStringLiteral("output")},
         QStringLiteral("Write the difference heatmap of the first two runs to FILE (.png)."), QStringLiteral("FILE")},
        {QStringLiteral("metric"), QStringLiteral("cosine (default), dot or euclidean."), QStringLiteral("NAME")},
        {QStringLiteral("normalise"),
         QStringLiteral("How each run is normalised before the difference: rank (default), zscore or none."),
         QStringLiteral("NAME")},
        {QStringLiteral("neighbours"), QStringLiteral("k for neighbour overlap (default 10)."), QStringLiteral("K")},
        {QStringLiteral("order"),
         QStringLiteral("Row and column order of the difference heatmap: original (default), clustered (average "
                        "linkage of the first run, with dendrograms) or joint (of the mean of both runs)."),
         QStringLiteral("MODE")},
        maxSizeOption(),
        {{QStringLiteral("v"), QStringLiteral("verbose")}, QStringLiteral("Log each request (never the key).")},
    });
    parser.addHelpOption();
    if (!parser.parse(arguments))
        return fail(parseError(parser, COMPARE));
    if (parser.isSet(QStringLiteral("help")))
        return helpCommand(parser, COMPARE);

    Command command;
    command.kind = Command::Kind::Compare;
    CompareOptions &options = command.compare;
    const auto input = singleInput(parser, COMPARE);
    if (!input)
        return fail(input.error());
    options.input = *input;
    options.columns = inputColumnsFrom(parser);
    options.reportPath = parser.value(QStringLiteral("report"));
    options.output = parser.value(QStringLiteral("output"));
    options.verbose = parser.isSet(QStringLiteral("verbose"));

    for (const QString &text : parser.values(QStringLiteral("run"))) {
        const auto spec = workspace::parseRunSpec(text);
        if (!spec)
            return fail(spec.error());
        options.runs.append(*spec);
    }
    if (options.runs.size() < 2)
        return fail(QStringLiteral("compare needs at least two --run SPEC options, such as --run provider=builtin"));
    if (options.reportPath.isEmpty() && options.output.isEmpty())
        return fail(QStringLiteral("compare needs --report FILE.json, -o DIFF.png or both"));
    if (!options.output.isEmpty() && QFileInfo(options.output).suffix().compare(u"png", Qt::CaseInsensitive) != 0)
        return fail(QStringLiteral("unsupported image format \"%1\"; the output must end in .png").arg(options.output));
    const auto folders = checkOutputFolders(
        {{QStringLiteral("--report"), options.reportPath}, {QStringLiteral("-o"), options.output}});
    if (!folders)
        return fail(folders.error());

    if (parser.isSet(QStringLiteral("metric"))) {
        const auto metric = parseMetric(parser.value(QStringLiteral("metric")));
        if (!metric)
            return fail(metric.error());
        options.metric = *metric;
    }
    if (parser.isSet(QStringLiteral("normalise"))) {
        const auto normalisation = parseNormalisation(parser.value(QStringLiteral("normalise")));
        if (!normalisation)
            return fail(normalisation.error());
        options.normalisation = *normalisation;
    }
    const auto neighbours = readCount(parser, QStringLiteral("neighbours"), 1, options.neighbours);
    if (!neighbours)
        return fail(neighbours.error());
    if (parser.isSet(QStringLiteral("order"))) {
        const auto order = parseSharedOrder(parser.value(QStringLiteral("order")));
        if (!order)
            return fail(order.error());
        options.order = *order;
    }
    const auto maxSize = readMaxSize(parser);
    if (!maxSize)
        return fail(maxSize.error());
    options.maxSize = *maxSize;
    return command;
}

Expected<Command> parseCommandLine(const QStringList &arguments)
{
    Command command;
    if (arguments.size() < 2)
        return command;

    const QString first = arguments.at(1);
    const QStringList rest = arguments.mid(0, 1) + arguments.mid(2);
    if (first == RENDER)
        return parseRender(rest);
    if (first == ANALYZE)
        return parseAnalyze(rest);
    if (first == COMPARE)
        return parseCompare(rest);
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
    if (QFileInfo(first).isFile()) {
        command.openPath = first;
        return command;
    }
    // A path-like word is more likely a file that is not there than a typo
    // of a command.
    if (first.contains(u'/') || first.contains(u'.'))
        return fail(QStringLiteral("%1 not found; give an existing file to open it in the window, or a command\n%2")
                        .arg(first, usageSummary()));
    return fail(QStringLiteral("unknown command \"%1\"\n%2").arg(first, usageSummary()));
}

} // namespace embedscope::app
