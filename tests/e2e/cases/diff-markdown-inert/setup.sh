# SPDX-License-Identifier: Apache-2.0
# diff-basic's reports, the new one with a station name that would ping
# a user, link out and refer to an issue if posted as a PR comment.
cp "$SRCDIR/tests/e2e/cases/diff-basic/old.json" .
sed 's/十堰市郧阳区城关镇社会工作服务站/@octocat [x](https:\/\/evil.example) www.evil.example #12 城关站/' \
  "$SRCDIR/tests/e2e/cases/diff-basic/new.json" > new.json
