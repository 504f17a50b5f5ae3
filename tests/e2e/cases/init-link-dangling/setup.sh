# SPDX-License-Identifier: Apache-2.0
ln -s nowhere/g.yaml l.yaml
