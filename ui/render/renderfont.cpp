#include "renderfont.h"

#include <QFontDatabase>
#include <QLoggingCategory>
#include <QStringList>

namespace embedscope::render {

namespace {
Q_LOGGING_CATEGORY(lcRender, "embedscope.ui.render", QtWarningMsg)
}

// The bold face is registered too, so titles are not synthesised from the
// regular one.
static const QStringList FONT_FILES = {
    QString::fromLatin1(RENDER_FONT_FILE),
    QStringLiteral("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
};

static bool registerRenderFamily()
{
    const QString family = QString::fromLatin1(RENDER_FONT_FAMILY);
    if (QFontDatabase::hasFamily(family))
        return true;

    // Without fontconfig fonts (minimal containers, the offscreen platform)
    // the database is empty and every label would be drawn as nothing.
    bool registered = false;
    for (const QString &file : FONT_FILES) {
        const int id = QFontDatabase::addApplicationFont(file);
        if (id < 0) {
            qCWarning(lcRender) << "could not load font file" << file;
            continue;
        }
        qCDebug(lcRender) << "registered font file" << file;
        registered = registered || QFontDatabase::applicationFontFamilies(id).contains(family);
    }
    return registered;
}

static QFont fallbackFont()
{
    const QFont font = QFontDatabase::systemFont(QFontDatabase::GeneralFont);
    if (QFontDatabase::families().isEmpty()) {
        qCWarning(lcRender) << "no fonts are installed, so heatmaps will have no text;"
                            << "install the fonts-dejavu-core package";
    } else {
        qCWarning(lcRender) << RENDER_FONT_FAMILY << "is missing, so heatmaps use" << font.family()
                            << "and labels may be cut at other places than elsewhere;"
                            << "install the fonts-dejavu-core package";
    }
    return font;
}

// Decided once per process: the font database only changes when fonts are
// registered, and this file is the only place that registers any.
static QFont baseFont()
{
    static const QFont font = registerRenderFamily() ? QFont(QString::fromLatin1(RENDER_FONT_FAMILY))
                                                     : fallbackFont();
    return font;
}

QFont renderFont(int pixelSize)
{
    // Every attribute that shapes the text is set explicitly, because QPainter
    // takes unset ones from the device's default font.
    QFont font = baseFont();
    font.setFamilies(font.families());
    font.setPixelSize(pixelSize);
    font.setWeight(QFont::Normal);
    font.setStyle(QFont::StyleNormal);
    font.setHintingPreference(QFont::PreferNoHinting);
    return font;
}

} // namespace embedscope::render
