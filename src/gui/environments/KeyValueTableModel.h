// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QPair>
#include <QString>

namespace td {

// An editable list of name → value pairs (extra headers, field values). With masking on, the
// values whose names td::isSecretName() reports are shown as dots until revealed; the edit role
// always carries the real value.
class KeyValueTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, ValueColumn, ColumnCount };
    using Pairs = QList<QPair<QString, QString>>;
    static constexpr int SecretRole = Qt::UserRole + 1; // bool: the row's name is a secret name
    static constexpr int MaskedRole = Qt::UserRole + 2; // bool: the value is shown masked now

    explicit KeyValueTableModel(QString nameTitle, QString valueTitle, QObject *parent = nullptr);

    void setPairs(const Pairs &pairs);
    Pairs pairs() const { return m_pairs; }
    void setMaskSecrets(bool mask);
    void setRevealed(bool revealed);
    bool isRevealed() const { return m_revealed; }

    int addRow(const QString &name = {}, const QString &value = {}); // returns the new row
    void removeRowAt(int row);

    static QString maskedText() { return QStringLiteral("••••••••"); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void edited();

private:
    bool isSecretRow(int row) const;

    QString m_nameTitle;
    QString m_valueTitle;
    Pairs m_pairs;
    bool m_maskSecrets = false;
    bool m_revealed = false;
};

} // namespace td
