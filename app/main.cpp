#include "analyzecommand.h"
#include "commandline.h"
#include "comparecommand.h"
#include "documentcontroller.h"
#include "mainwindow.h"
#include "rendercommand.h"

#include "math/blasthreads.h"

#include <QApplication>
#include <QGuiApplication>
#include <QLoggingCategory>

#include <cstdio>

using namespace embedscope;

// Headless commands need fonts (a QGuiApplication) but no display server,
// so they run on the offscreen platform unless the user chose another.
static QtMessageHandler defaultMessageHandler = nullptr;

// Drops Qt's notice that XDG_RUNTIME_DIR is unset, which every headless run
// on a server or in CI prints and which is unrelated to the command, so
// that a failure stays one line on standard error.
static void headlessMessageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (message.startsWith(QLatin1String("QStandardPaths: XDG_RUNTIME_DIR not set")))
        return;
    defaultMessageHandler(type, context, message);
}

static int runHeadless(int argc, char *argv[], const app::Command &command)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    defaultMessageHandler = qInstallMessageHandler(headlessMessageHandler);

    // A command reports its failure in one line of its own; the modules'
    // warnings about the same failure come back with -v.
    QLoggingCategory::setFilterRules(QStringLiteral("embedscope.*.warning=false"));
    QGuiApplication application(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("embedscope"));
    QGuiApplication::setOrganizationName(QStringLiteral("Embedscope"));

    switch (command.kind) {
    case app::Command::Kind::Analyze:
        return app::runAnalyze(command.analyze);
    case app::Command::Kind::Compare:
        return app::runCompare(command.compare);
    default:
        return app::runRender(command.render);
    }
}

// True when the window has nowhere to appear: no platform chosen and no X11
// or Wayland display. Qt would abort with its own message; ours points to
// the headless commands.
static bool lacksDisplay(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        if (qstrcmp(argv[i], "-platform") == 0)
            return false;
    }
    return qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY")
           && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
}

static int runWindow(int argc, char *argv[], const QString &openPath)
{
#ifdef Q_OS_LINUX
    if (lacksDisplay(argc, argv)) {
        std::fprintf(stderr, "embedscope: no display found (DISPLAY and WAYLAND_DISPLAY are unset), so the window "
                             "cannot open; run embedscope render INPUT -o OUT.png for a heatmap without one, or "
                             "embedscope --help for the other commands\n");
        return app::EXIT_FAILURE_RUN;
    }
#endif
    QApplication application(argc, argv);
    QApplication::setApplicationName(QStringLiteral("embedscope"));
    QApplication::setApplicationDisplayName(QStringLiteral("Embedscope"));
    QApplication::setOrganizationName(QStringLiteral("Embedscope"));
    QApplication::setApplicationVersion(QStringLiteral(EMBEDSCOPE_VERSION));

    ui::MainWindow window;
    window.show();
    if (!openPath.isEmpty())
        window.documents()->openAnyFile(openPath);
    return QApplication::exec();
}

int main(int argc, char *argv[])
{
    math::limitBlasThreads();

    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));

    const auto command = app::parseCommandLine(arguments);
    if (!command) {
        std::fprintf(stderr, "embedscope: %s\n", qUtf8Printable(command.error()));
        return app::EXIT_BAD_USAGE;
    }

    switch (command->kind) {
    case app::Command::Kind::Help:
    case app::Command::Kind::Version:
        std::fputs(qUtf8Printable(command->text), stdout);
        return app::EXIT_OK;
    case app::Command::Kind::Render:
    case app::Command::Kind::Analyze:
    case app::Command::Kind::Compare:
        return runHeadless(argc, argv, *command);
    case app::Command::Kind::Window:
        break;
    }
    return runWindow(argc, argv, command->openPath);
}
