@echo off
rem Double-click starter for the campaign office: runs "review-forms serve", which opens the page
rem in the browser. Saved in GBK with CRLF line ends, as cmd.exe reads a batch file on Chinese Windows.
rem Works inside the installed package (npm install -g, or the package folder copied with its
rem node_modules); copied elsewhere, it runs the review-forms command found on PATH.
setlocal
title 领导点评工具（关闭本窗口即停止）
where node >nul 2>nul
if errorlevel 1 (
  echo 没有找到 Node.js。请先安装 Node.js 长期支持版（LTS），再双击本文件。
  pause
  exit /b 1
)
set "BIN=%~dp0build\scripts\bin\review-forms.js"
if exist "%BIN%" (
  node "%BIN%" serve %*
) else (
  call review-forms serve %*
)
if errorlevel 1 pause
