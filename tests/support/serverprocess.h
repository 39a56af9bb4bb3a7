#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

// embedscope-test-server run as a child process on a free port of
// 127.0.0.1; it prints its base URL as its first line.
class ServerProcess
{
public:
    explicit ServerProcess(const QString &program)
        : m_program(program)
    {
    }

    ~ServerProcess()
    {
        m_process.kill();
        m_process.waitForFinished(5000);
    }

    bool start(const QStringList &arguments)
    {
        m_process.setProgram(m_program);
        m_process.setArguments(QStringList{QStringLiteral("--port"), QStringLiteral("0")} + arguments);
        m_process.start();
        if (!m_process.waitForStarted(5000) || !m_process.waitForReadyRead(5000))
            return false;
        const QString line = QString::fromUtf8(m_process.readLine()).trimmed();
        m_baseUrl = line.section(u' ', -1);
        return m_baseUrl.startsWith(QStringLiteral("http://127.0.0.1:"));
    }

    QString baseUrl() const { return m_baseUrl; }

    // The server logs one "POST /v1/embeddings -> STATUS" line per request
    // on its standard error.
    int requestCount()
    {
        m_process.waitForReadyRead(200);
        m_log += m_process.readAllStandardError();
        return int(m_log.count("POST "));
    }

private:
    QString m_program;
    QProcess m_process;
    QString m_baseUrl;
    QByteArray m_log;
};
