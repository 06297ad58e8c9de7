// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

#include <memory>

namespace Ui {
class TokenInspectorPage;
}

namespace td {

// Placeholder: being implemented.
class TokenInspectorPage : public QWidget
{
    Q_OBJECT
public:
    explicit TokenInspectorPage(QWidget *parent = nullptr);
    ~TokenInspectorPage() override;

private:
    std::unique_ptr<Ui::TokenInspectorPage> m_ui;
};

} // namespace td
