// placeholder until strategies land
