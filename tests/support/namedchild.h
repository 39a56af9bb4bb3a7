#pragma once

#include <QObject>
#include <QtGlobal>

// Finds the child of parent with the given object name. A missing child is
// logged, so the null pointer a test then trips over has a visible cause.
template<typename T>
T *child(const QObject *parent, const char *name)
{
    T *found = parent->findChild<T *>(QString::fromLatin1(name));
    if (!found)
        qWarning("child %s not found", name);
    return found;
}
