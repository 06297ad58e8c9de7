// SPDX-License-Identifier: GPL-3.0-or-later
#include "MainWindow.h"

#include "ui_MainWindow.h"

namespace td {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent), m_ui(std::make_unique<Ui::MainWindow>())
{
    m_ui->setupUi(this);
}

MainWindow::~MainWindow() = default;

} // namespace td
