// Preload (sandboxed, context-isolated): exposes the contract bridge and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge.js';

contextBridge.exposeInMainWorld('counterfoil', createBridge(ipcRenderer));
