// The provider panel's key field: its status line about where the key comes
// from, storing a key in the system keychain, and the transfer settings.
#include "providerpanel.h"
#include "sessionsettings.h"

#include <QApplication>
#include <QDir>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace embedscope;

static const char VARIABLE[] = "EMBEDSCOPE_TEST_PANEL_KEY";

class TestProviderPanel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void unsetVariableNamesKeychainEntry();
    void pastedKeyIsNeverKept();
    void storeKeyReportsOutcome();
    void transferSettingsRoundTrip();
    void damagedTransferSettingsFallBack();
    void screenshot();

private:
    static void setKeyVariable(ui::ProviderPanel &panel, const QString &text);
};

void TestProviderPanel::init()
{
    qunsetenv(VARIABLE);
}

// Types text into the key variable field as a user would, so the panel
// reacts to the edit.
void TestProviderPanel::setKeyVariable(ui::ProviderPanel &panel, const QString &text)
{
    auto *edit = panel.findChild<QLineEdit *>(QStringLiteral("keyVariableEdit"));
    edit->selectAll();
    QTest::keyClicks(edit, text);
}

static ui::ProviderPanel *openAiPanel()
{
    auto *panel = new ui::ProviderPanel;
    embedding::ProviderSettings settings = embedding::presetFor(embedding::ProviderKind::OpenAI);
    settings.apiKeyVariable = QString::fromLatin1(VARIABLE);
    panel->setSettings(settings);
    return panel;
}

void TestProviderPanel::unsetVariableNamesKeychainEntry()
{
    std::unique_ptr<ui::ProviderPanel> panel(openAiPanel());

    QVERIFY2(panel->statusText().contains(QStringLiteral("system keychain")), qPrintable(panel->statusText()));
    QVERIFY(panel->statusText().contains(QString::fromLatin1(VARIABLE)));

    qputenv(VARIABLE, "sk-from-environment");
    setKeyVariable(*panel, QString::fromLatin1(VARIABLE));
    QVERIFY2(panel->statusText().contains(QStringLiteral("is set")), qPrintable(panel->statusText()));
}

void TestProviderPanel::pastedKeyIsNeverKept()
{
    std::unique_ptr<ui::ProviderPanel> panel(openAiPanel());

    setKeyVariable(*panel, QStringLiteral("sk-proj-abc123-pasted"));

    QVERIFY(panel->settings().apiKeyVariable.isEmpty());
    QVERIFY2(panel->statusText().contains(QStringLiteral("not the key itself")), qPrintable(panel->statusText()));
}

// On a machine without a keychain service, such as CI, storing fails, and on
// a desktop it succeeds. The status line reports both outcomes.
void TestProviderPanel::storeKeyReportsOutcome()
{
    std::unique_ptr<ui::ProviderPanel> panel(openAiPanel());
    QSignalSpy finished(panel.get(), &ui::ProviderPanel::keyStoreFinished);

    panel->storeKey("sk-test-not-a-real-key");

    QVERIFY(finished.wait(30000));
    const QString error = finished.at(0).at(0).toString();
    const QString status = panel->statusText();
    if (error.isEmpty())
        QVERIFY2(status.contains(QStringLiteral("stored in the system keychain")), qPrintable(status));
    else
        QVERIFY2(status.contains(QStringLiteral("Could not store the key")) && status.contains(error),
                 qPrintable(status));
    QVERIFY(status.contains(QString::fromLatin1(VARIABLE)));
    QVERIFY(!status.contains(QStringLiteral("sk-test")));

    // A note is shown only for the entry it describes.
    setKeyVariable(*panel, QStringLiteral("OTHER_KEY_VARIABLE"));
    QVERIFY(!panel->statusText().contains(QStringLiteral("store the key")));
    QVERIFY(!panel->statusText().contains(QStringLiteral("is stored")));
}

void TestProviderPanel::transferSettingsRoundTrip()
{
    std::unique_ptr<ui::ProviderPanel> panel(openAiPanel());
    embedding::ProviderSettings chosen = panel->settings();
    chosen.batchSize = 32;
    chosen.concurrency = 2;
    chosen.retry.maxRetries = 1;
    chosen.encoding = embedding::VectorEncoding::Base64;

    panel->setSettings(chosen);
    const embedding::ProviderSettings shown = panel->settings();
    QCOMPARE(shown.batchSize, 32);
    QCOMPARE(shown.concurrency, 2);
    QCOMPARE(shown.retry.maxRetries, 1);
    QCOMPARE(shown.encoding, embedding::VectorEncoding::Base64);

    QTemporaryDir dir;
    QSettings file(dir.filePath(QStringLiteral("session.ini")), QSettings::IniFormat);
    ui::writeProviderSettings(file, shown);
    const embedding::ProviderSettings restored = ui::readProviderSettings(file, {});
    QCOMPARE(restored.batchSize, 32);
    QCOMPARE(restored.concurrency, 2);
    QCOMPARE(restored.retry.maxRetries, 1);
    QCOMPARE(restored.encoding, embedding::VectorEncoding::Base64);
}

void TestProviderPanel::damagedTransferSettingsFallBack()
{
    QTemporaryDir dir;
    QSettings file(dir.filePath(QStringLiteral("session.ini")), QSettings::IniFormat);
    ui::writeProviderSettings(file, embedding::presetFor(embedding::ProviderKind::Ollama));
    file.setValue(QStringLiteral("provider/batchSize"), 0);
    file.setValue(QStringLiteral("provider/concurrency"), QStringLiteral("lots"));
    file.setValue(QStringLiteral("provider/retries"), 99);
    file.setValue(QStringLiteral("provider/encoding"), QStringLiteral("hex"));

    const embedding::ProviderSettings restored = ui::readProviderSettings(file, {});
    const embedding::ProviderSettings defaults;
    QCOMPARE(restored.batchSize, defaults.batchSize);
    QCOMPARE(restored.concurrency, defaults.concurrency);
    QCOMPARE(restored.retry.maxRetries, defaults.retry.maxRetries);
    QCOMPARE(restored.encoding, embedding::VectorEncoding::Automatic);
}

void TestProviderPanel::screenshot()
{
    std::unique_ptr<ui::ProviderPanel> panel(openAiPanel());
    panel->findChild<QToolButton *>(QStringLiteral("transferToggle"))->setChecked(true);
    panel->resize(360, panel->sizeHint().height());

    const QString path = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("providerpanel.png"));
    QVERIFY(panel->grab().save(path));
    qInfo("screenshot saved to %s", qPrintable(path));
}

QTEST_MAIN(TestProviderPanel)
#include "tst_providerpanel.moc"
