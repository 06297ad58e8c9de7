// SPDX-License-Identifier: GPL-3.0-or-later
#include "TokenInspectorPage.h"

#include "ui_TokenInspectorPage.h"

namespace td {

TokenInspectorPage::TokenInspectorPage(QWidget *parent) : QWidget(parent), m_ui(std::make_unique<Ui::TokenInspectorPage>())
{
    m_ui->setupUi(this);
}

TokenInspectorPage::~TokenInspectorPage() = default;

} // namespace td
