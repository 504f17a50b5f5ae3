# SPDX-License-Identifier: Apache-2.0
mkdir victim sub
echo keep > victim/f
ln -s ../victim/f sub/l.yaml
