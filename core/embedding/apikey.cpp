#include "apikey.h"

#include "common/logging.h"

#include <QTimer>

#include <qt6keychain/keychain.h>

#include <chrono>
#include <memory>

namespace embedscope::embedding {

// Long enough for a person to unlock a locked keyring when it prompts, short
// enough that a keychain daemon which never replies does not stall a run.
static constexpr std::chrono::seconds KEYCHAIN_TIMEOUT{20};

static QString missingKeyMessage(const ProviderSettings &settings)
{
    const bool namedService = settings.kind == ProviderKind::OpenRouter || settings.kind == ProviderKind::OpenAI;
    const QString keyOwner = namedService ? QStringLiteral("your %1").arg(providerKindTitle(settings.kind))
                                          : QStringLiteral("the server's");
    return QStringLiteral("%1 is not set; export it with %2 key or choose the built-in provider")
        .arg(settings.apiKeyVariable, keyOwner);
}

// Calls found with the keychain entry's value, or an empty array when there
// is no entry, no keychain, or no reply in time.
static void readKeychain(const QString &name, QObject *context, std::function<void(const QByteArray &)> found)
{
    if (!qEnvironmentVariableIsEmpty("EMBEDSCOPE_NO_KEYCHAIN")) {
        qCDebug(lcNet).noquote() << "EMBEDSCOPE_NO_KEYCHAIN is set; not looking for" << name << "in the keychain";
        found({});
        return;
    }

    auto answered = std::make_shared<bool>(false);
    auto answer = [answered, found = std::move(found)](const QByteArray &key) {
        if (*answered)
            return;
        *answered = true;
        found(key);
    };

    auto *job = new QKeychain::ReadPasswordJob(QString::fromLatin1(KEYCHAIN_SERVICE));
    job->setAutoDelete(true);
    job->setKey(name);
    QObject::connect(job, &QKeychain::Job::finished, context, [answer, name](QKeychain::Job *finished) {
        const auto *read = static_cast<QKeychain::ReadPasswordJob *>(finished);
        if (read->error() == QKeychain::NoError) {
            qCDebug(lcNet).noquote() << "read" << name << "from the keychain";
            answer(read->binaryData().trimmed());
            return;
        }
        // No entry and no keychain service both mean "no stored key".
        qCDebug(lcNet).noquote() << "no" << name << "in the keychain:" << read->errorString();
        answer({});
    });
    QTimer::singleShot(KEYCHAIN_TIMEOUT, context, [answer, name] {
        qCDebug(lcNet).noquote() << "the keychain did not reply within" << KEYCHAIN_TIMEOUT.count() << "s; treating" << name
                       << "as not stored";
        answer({});
    });
    job->start();
}

void lookUpApiKey(const ProviderSettings &settings, QObject *context, ApiKeyCallback done)
{
    const QString name = settings.apiKeyVariable;
    if (name.isEmpty()) {
        done(QByteArray());
        return;
    }

    const QByteArray fromEnvironment = qgetenv(name.toLocal8Bit().constData()).trimmed();
    if (!fromEnvironment.isEmpty()) {
        done(fromEnvironment);
        return;
    }

    const QString missing = missingKeyMessage(settings);
    readKeychain(name, context, [done = std::move(done), missing](const QByteArray &key) {
        if (key.isEmpty())
            done(fail(missing));
        else
            done(key);
    });
}

void storeApiKey(const QString &name, const QByteArray &key, QObject *context,
                 std::function<void(const QString &error)> done)
{
    auto *job = new QKeychain::WritePasswordJob(QString::fromLatin1(KEYCHAIN_SERVICE));
    job->setAutoDelete(true);
    job->setKey(name);
    job->setBinaryData(key);
    QObject::connect(job, &QKeychain::Job::finished, context, [done = std::move(done), name](QKeychain::Job *finished) {
        if (finished->error() != QKeychain::NoError) {
            qCWarning(lcNet).noquote() << "could not store" << name << "in the keychain:" << finished->errorString();
            done(finished->errorString());
            return;
        }
        qCDebug(lcNet).noquote() << "stored" << name << "in the keychain";
        done(QString());
    });
    job->start();
}

} // namespace embedscope::embedding
