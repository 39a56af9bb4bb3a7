#include "searchview.h"

#include "analysistable.h"
#include "phraseembedder.h"
#include "scorebardelegate.h"

#include "math/search.h"
#include "workspace/workspace.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace embedscope::ui::analysis {

static constexpr int SCORE_COLUMN = 2;
static constexpr int SCORE_COLUMN_WIDTH = 220;

SearchView::SearchView(workspace::Workspace *workspace, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_embedder(new PhraseEmbedder(workspace, this))
{
    m_queryEdit = new QLineEdit(this);
    m_queryEdit->setObjectName(QStringLiteral("searchQuery"));
    m_queryEdit->setPlaceholderText(tr("Type a query and press Enter"));
    m_queryEdit->setClearButtonEnabled(true);
    m_searchButton = new QPushButton(tr("&Search"), this);
    m_searchButton->setObjectName(QStringLiteral("searchButton"));
    m_statusLabel = new QLabel(this);
    m_statusLabel->setWordWrap(true);

    m_table = createTable({tr("Rank"), tr("Phrase"), tr("Score")}, this);
    m_table->setObjectName(QStringLiteral("searchTable"));
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(SCORE_COLUMN, QHeaderView::Fixed);
    m_table->setColumnWidth(SCORE_COLUMN, SCORE_COLUMN_WIDTH);
    m_table->setToolTip(tr("Double-click a row to make that phrase the reference."));
    m_barDelegate = new ScoreBarDelegate(m_table);
    m_table->setItemDelegateForColumn(SCORE_COLUMN, m_barDelegate);

    auto *queryRow = new QHBoxLayout;
    queryRow->addWidget(m_queryEdit, 1);
    queryRow->addWidget(m_searchButton);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(queryRow);
    layout->addWidget(m_statusLabel);
    layout->addWidget(m_table, 1);

    connect(m_queryEdit, &QLineEdit::returnPressed, this, &SearchView::search);
    connect(m_searchButton, &QPushButton::clicked, this, &SearchView::search);
    connect(m_embedder, &PhraseEmbedder::embedded, this, &SearchView::onQueryEmbedded);
    connect(m_embedder, &PhraseEmbedder::failed, this, &SearchView::onFailed);
    connect(m_table, &QTableWidget::cellActivated, this, [this](int row, int) {
        if (const QTableWidgetItem *item = m_table->item(row, 1))
            m_workspace->setReferenceIndex(item->data(RAW_VALUE_ROLE).toInt());
    });
    connect(m_workspace, &workspace::Workspace::snapshotChanged, this, &SearchView::showRanking);
}

bool SearchView::isBusy() const
{
    return m_embedder->isRunning();
}

void SearchView::search()
{
    const QString query = m_queryEdit->text().trimmed();
    if (query.isEmpty()) {
        m_statusLabel->setText(tr("Type a query to rank the phrases against."));
        return;
    }
    if (m_workspace->snapshot().isEmpty()) {
        m_statusLabel->setText(tr("Embed some phrases first; the query is compared with them."));
        return;
    }
    m_statusLabel->setText(tr("Embedding the query…"));
    m_embedder->embed({query});
}

void SearchView::onQueryEmbedded(const embedding::EmbeddingSet &vectors, const QString &source)
{
    const auto row = vectors.row(0);
    m_queryVector.assign(row.begin(), row.end());
    m_querySource = source;
    showRanking();
}

void SearchView::onFailed(const QString &message)
{
    m_statusLabel->setText(tr("The query could not be embedded: %1").arg(message));
}

void SearchView::showRanking()
{
    const workspace::Snapshot &snapshot = m_workspace->snapshot();
    m_table->setRowCount(0);
    if (m_queryVector.empty() || snapshot.isEmpty())
        return;

    const auto ranking = math::rankByQuery(m_queryVector, snapshot.vectors, snapshot.metric());
    if (!ranking) {
        m_statusLabel->setText(tr("The query cannot be compared with the phrases: %1. Embed the phrases again "
                                  "with the current provider.")
                                   .arg(ranking.error()));
        return;
    }

    // Different sources give vectors of the same size but unrelated spaces.
    const int count = int(ranking->size());
    QString status = count == 1 ? tr("1 phrase ranked against the query.")
                                : tr("%1 phrases ranked against the query.").arg(count);
    if (!m_querySource.isEmpty() && m_querySource != snapshot.source)
        status += QLatin1Char(' ') + tr("Warning: the query was embedded with %1, the phrases with %2.")
                                         .arg(m_querySource, snapshot.source);
    m_statusLabel->setText(status);

    double low = 0.0, high = 0.0;
    for (const math::RankedScore &ranked : *ranking) {
        if (std::isnan(ranked.score))
            continue;
        low = std::min(low, double(ranked.score));
        high = std::max(high, double(ranked.score));
    }
    const bool distance = !math::higherIsCloser(snapshot.metric());
    m_barDelegate->setRange(low, high, distance);

    m_table->setRowCount(int(ranking->size()));
    for (int row = 0; row < int(ranking->size()); ++row) {
        const math::RankedScore &ranked = (*ranking)[size_t(row)];
        setTableRow(m_table, row,
                    {numberItem(row + 1, 0), phraseItem(snapshot.phrases.at(ranked.index), ranked.index),
                     numberItem(ranked.score)});
    }
}

} // namespace embedscope::ui::analysis
